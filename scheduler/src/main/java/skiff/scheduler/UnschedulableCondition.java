package skiff.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records on a pod that no node fits it: PodScheduled=False, reason Unschedulable, with the FailedScheduling text,
 * and the node preemption nominated it to (k/k pkg/scheduler/schedule_one.go handleSchedulingFailure and updatePod).
 * The pod is patched only when the condition or the nomination changes; the transition time moves only when the
 * condition's status does.
 */
final class UnschedulableCondition {
    static final String REASON = "Unschedulable";

    private final KubernetesClient client;

    UnschedulableCondition(KubernetesClient client) {
        this.client = client;
    }

    /** @param nomination empty to leave status.nominatedNodeName, "" to clear it, or the node to set */
    void record(Pod pod, String message, Optional<String> nomination, Instant now) {
        PodCondition current = pod.getStatus() == null || pod.getStatus().getConditions() == null ? null
                : pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType()))
                        .findFirst().orElse(null);
        boolean nominationChanges = nomination.isPresent()
                && !nomination.get().equals(Nominator.nominatedNodeName(pod));
        if (current != null && "False".equals(current.getStatus()) && REASON.equals(current.getReason())
                && message.equals(current.getMessage()) && !nominationChanges) {
            return;
        }
        String transition = current != null && "False".equals(current.getStatus()) && current.getLastTransitionTime() != null
                ? current.getLastTransitionTime()
                : DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        ObjectNode patch = Json.object();
        ObjectNode status = patch.putObject("status");
        if (nominationChanges) {
            if (nomination.get().isEmpty()) {
                status.putNull("nominatedNodeName");
            } else {
                status.put("nominatedNodeName", nomination.get());
            }
        }
        ObjectNode condition = status.putArray("conditions").addObject();
        condition.put("type", "PodScheduled");
        condition.put("status", "False");
        condition.putNull("lastProbeTime");
        condition.put("lastTransitionTime", transition);
        condition.put("reason", REASON);
        condition.put("message", message);
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), Json.string(patch));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
