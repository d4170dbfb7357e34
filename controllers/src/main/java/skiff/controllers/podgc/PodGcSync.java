package skiff.controllers.podgc;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.controllers.framework.SyncResult;

/**
 * One pass of the pod garbage collector over the informers' pods and nodes (k/k
 * pkg/controller/podgc/gc_controller.go (1.32) gc): terminated pods beyond the threshold, terminating pods on
 * out-of-service nodes, pods bound to nodes confirmed gone, and terminating pods never scheduled are marked Failed
 * and deleted at once. A pass that cannot delete a pod leaves it to the next one, {@link #CHECK_PERIOD} later.
 */
final class PodGcSync {
    // gc_controller.go gcCheckPeriod.
    static final Duration CHECK_PERIOD = Duration.ofSeconds(20);
    private static final Logger LOG = LoggerFactory.getLogger(PodGcSync.class);

    private final Indexer<Pod> pods;
    private final Indexer<Node> nodes;
    private final KubernetesClient client;
    private final int terminatedPodThreshold;
    private final Clock clock;
    private final NodeQuarantine quarantine = new NodeQuarantine();

    PodGcSync(Indexer<Pod> pods, Indexer<Node> nodes, KubernetesClient client, int terminatedPodThreshold,
            Clock clock) {
        this.pods = pods;
        this.nodes = nodes;
        this.client = client;
        this.terminatedPodThreshold = terminatedPodThreshold;
        this.clock = clock;
    }

    /** The queue holds one key; every pass asks to be run again after the check period. */
    synchronized SyncResult sync(String key) {
        List<Pod> all = pods.list();
        Map<String, Node> byName = nodes.list().stream()
                .collect(Collectors.toMap(n -> n.getMetadata().getName(), Function.identity(), (a, b) -> a));
        Instant now = clock.now();
        PodGcPlanner.terminatedBeyondThreshold(all, terminatedPodThreshold)
                .forEach(p -> markFailedAndDelete(p, Optional.empty(), now));
        PodGcPlanner.terminatingOnOutOfServiceNodes(all, byName)
                .forEach(p -> markFailedAndDelete(p, Optional.empty(), now));
        PodGcPlanner.unknownNodes(all, byName.keySet()).forEach(n -> quarantine.add(n, now));
        Set<String> deleted = quarantine.takeDue(now).stream()
                .filter(n -> !byName.containsKey(n) && confirmedMissing(n)).collect(Collectors.toSet());
        PodGcPlanner.orphaned(all, deleted).forEach(p -> markFailedAndDelete(p, Optional.of(
                disruptionTarget("DeletionByPodGC", "PodGC: node no longer exists")), now));
        PodGcPlanner.unscheduledTerminating(all).forEach(p -> markFailedAndDelete(p, Optional.empty(), now));
        return SyncResult.requeueAfter(CHECK_PERIOD);
    }

    // gc_controller.go checkIfNodeExists: a GET, not the informer, has the last word; an error leaves the node for
    // the next pass.
    private boolean confirmedMissing(String node) {
        try {
            return client.nodes().withName(node).get() == null;
        } catch (KubernetesClientException e) {
            LOG.warn("podgc cannot get node={}: {}", node, e.getMessage());
            return false;
        }
    }

    // gc_controller.go markFailedAndDeletePodWithCondition: a pod not yet Succeeded or Failed is patched to Failed
    // (with the condition, if any) so it never stays Running with no kubelet to end it, then deleted with grace 0.
    private void markFailedAndDelete(Pod pod, Optional<PodCondition> condition, Instant now) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        LOG.info("podgc force deleting pod={}/{} node={}", namespace, name, pod.getSpec() == null ? null
                : pod.getSpec().getNodeName());
        try {
            if (PodGcPlanner.needsFailedPhase(pod)) {
                // resource(pod): withName would GET the pod first, outside system:controller:pod-garbage-collector.
                client.pods().inNamespace(namespace).resource(pod).subresource("status").patch(
                        PatchContext.of(PatchType.STRATEGIC_MERGE), Json.string(failedPatch(pod, condition, now)));
            }
            client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn("podgc cannot delete pod={}/{}: {}", namespace, name, e.getMessage());
            }
        }
    }

    /**
     * The status patch that marks a pod Failed (k/k pkg/util/pod PatchPodStatus: a strategic merge patch carrying the
     * pod's uid, so it never lands on a namesake); a condition keeps its transition time if its status is unchanged
     * (k/k pkg/api/v1/pod UpdatePodCondition).
     */
    static Map<String, Object> failedPatch(Pod pod, Optional<PodCondition> condition, Instant now) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("phase", "Failed");
        condition.ifPresent(c -> {
            String since = existing(pod, c.getType()).filter(old -> c.getStatus().equals(old.getStatus()))
                    .map(PodCondition::getLastTransitionTime)
                    .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
            Map<String, Object> patched = new LinkedHashMap<>();
            patched.put("type", c.getType());
            patched.put("status", c.getStatus());
            patched.put("lastTransitionTime", since);
            patched.put("reason", c.getReason());
            patched.put("message", c.getMessage());
            status.put("conditions", List.of(patched));
        });
        return Map.of("metadata", Map.of("uid", pod.getMetadata().getUid()), "status", status);
    }

    static PodCondition disruptionTarget(String reason, String message) {
        PodCondition c = new PodCondition();
        c.setType("DisruptionTarget");
        c.setStatus("True");
        c.setReason(reason);
        c.setMessage(message);
        return c;
    }

    private static Optional<PodCondition> existing(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
