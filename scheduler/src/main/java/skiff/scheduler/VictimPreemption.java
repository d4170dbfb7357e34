package skiff.scheduler;

import static skiff.scheduler.framework.DefaultPreemption.DISRUPTION_TARGET;
import static skiff.scheduler.framework.DefaultPreemption.PREEMPTION_BY_SCHEDULER;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import skiff.api.json.Json;
import skiff.client.events.EventRecorder;
import skiff.scheduler.framework.Candidate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes room on the chosen node through the API (k/k framework/preemption/preemption.go prepareCandidate and
 * PreemptPod, 1.32): each victim not already terminating first gets the DisruptionTarget condition (reason
 * PreemptionByScheduler) through pods/status, is then deleted gracefully, and gets a {@code Preempted} event; a
 * victim already gone is skipped. Lower-priority pods nominated to that node lose their nomination.
 */
final class VictimPreemption {
    private final KubernetesClient client;
    private final EventRecorder events;

    VictimPreemption(KubernetesClient client, EventRecorder events) {
        this.client = client;
        this.events = events;
    }

    /** @throws KubernetesClientException when the API refuses a step for a victim that still exists */
    void evict(Pod preemptor, Candidate candidate, Instant now) {
        for (Pod victim : candidate.victims()) {
            if (victim.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (!stillThere(() -> markDisruptionTarget(preemptor, victim, now))
                    || !stillThere(() -> pod(victim).delete())) {
                continue;
            }
            events.event(victim, EventRecorder.NORMAL, "Preempted", "Preempted by pod "
                    + preemptor.getMetadata().getUid() + " on node " + candidate.node());
        }
    }

    /** Clears status.nominatedNodeName of each pod (k/k preemption.go clearNominatedNodeName). */
    void clearNominations(List<Pod> pods) {
        for (Pod p : pods) {
            if (Nominator.nominatedNodeName(p).isEmpty()) {
                continue;
            }
            ObjectNode patch = Json.object();
            patch.putObject("status").putNull("nominatedNodeName");
            stillThere(() -> pod(p).subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                    Json.string(patch)));
        }
    }

    // k/k PreemptPod: the condition is patched only when it changes (apipod.UpdatePodCondition).
    private void markDisruptionTarget(Pod preemptor, Pod victim, Instant now) {
        String message = schedulerName(preemptor) + ": preempting to accommodate a higher priority pod";
        List<PodCondition> conditions = victim.getStatus() == null || victim.getStatus().getConditions() == null
                ? List.of() : victim.getStatus().getConditions();
        PodCondition current = conditions.stream().filter(c -> DISRUPTION_TARGET.equals(c.getType())).findFirst()
                .orElse(null);
        if (current != null && "True".equals(current.getStatus()) && PREEMPTION_BY_SCHEDULER.equals(current.getReason())
                && message.equals(current.getMessage())) {
            return;
        }
        ObjectNode patch = Json.object();
        ObjectNode condition = patch.putObject("status").putArray("conditions").addObject();
        condition.put("type", DISRUPTION_TARGET);
        condition.put("status", "True");
        condition.putNull("lastProbeTime");
        condition.put("lastTransitionTime", current != null && "True".equals(current.getStatus())
                ? current.getLastTransitionTime()
                : DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
        condition.put("reason", PREEMPTION_BY_SCHEDULER);
        condition.put("message", message);
        pod(victim).subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), Json.string(patch));
    }

    private static String schedulerName(Pod pod) {
        String name = pod.getSpec().getSchedulerName();
        return name == null || name.isEmpty() ? Scheduler.NAME : name;
    }

    private io.fabric8.kubernetes.client.dsl.PodResource pod(Pod p) {
        return client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName());
    }

    /** Runs the call; false when the pod is already gone (404). */
    private static boolean stillThere(Runnable call) {
        try {
            call.run();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
