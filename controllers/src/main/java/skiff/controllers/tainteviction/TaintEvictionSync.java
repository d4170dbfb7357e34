package skiff.controllers.tainteviction;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.client.events.EventRecorder;
import skiff.controllers.framework.SyncResult;

/**
 * One check of one pod (k/k pkg/controller/tainteviction/taint_eviction.go processPodOnNode): on a node with
 * NoExecute taints the pod is deleted at once if it does not tolerate one of them, after the shortest
 * tolerationSeconds of the tolerations it uses if it does, never if it tolerates them all forever. The countdown
 * starts when this controller first sees the pod on the tainted node and is cancelled when the taints go.
 */
final class TaintEvictionSync {
    private static final Logger LOG = LoggerFactory.getLogger(TaintEvictionSync.class);

    private final Store<Pod> pods;
    private final Store<Node> nodes;
    private final KubernetesClient client;
    private final EventRecorder events;
    private final Clock clock;
    private final Map<String, Instant> countdownStarts = new ConcurrentHashMap<>();

    TaintEvictionSync(Store<Pod> pods, Store<Node> nodes, KubernetesClient client, EventRecorder events,
            Clock clock) {
        this.pods = pods;
        this.nodes = nodes;
        this.client = client;
        this.events = events;
        this.clock = clock;
    }

    SyncResult sync(String key) {
        Pod pod = pods.getByKey(key);
        if (pod == null || pod.getMetadata().getDeletionTimestamp() != null || pod.getSpec().getNodeName() == null) {
            countdownStarts.remove(key);
            return SyncResult.done();
        }
        Node node = nodes.getByKey(pod.getSpec().getNodeName());
        List<Taint> taints = taints(node).stream().filter(t -> "NoExecute".equals(t.getEffect())).toList();
        Optional<Duration> delay = taints.isEmpty() ? Optional.empty()
                : TolerationMatch.evictionDelay(taints, pod.getSpec().getTolerations());
        if (delay.isEmpty()) {
            if (countdownStarts.remove(key) != null) {
                events.event(pod, EventRecorder.NORMAL, "TaintManagerEviction", "Cancelling deletion of Pod " + key);
            }
            return SyncResult.done();
        }
        Instant now = clock.now();
        Instant start = countdownStarts.computeIfAbsent(key, k -> now);
        Instant due = start.plus(delay.get());
        if (now.isBefore(due)) {
            return SyncResult.requeueAfter(Duration.between(now, due));
        }
        try {
            evict(pod, key, now);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                return SyncResult.retry("evict " + key + ": " + e.getMessage());
            }
        }
        countdownStarts.remove(key);
        return SyncResult.done();
    }

    // k/k taint_eviction.go addConditionAndDeletePod: a DisruptionTarget condition says why, then a graceful delete.
    private void evict(Pod pod, String key, Instant now) {
        events.event(pod, EventRecorder.NORMAL, "TaintManagerEviction", "Marking for deletion Pod " + key);
        List<PodCondition> conditions = new ArrayList<>();
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            pod.getStatus().getConditions().stream().filter(c -> !"DisruptionTarget".equals(c.getType()))
                    .forEach(conditions::add);
        }
        conditions.add(new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
                .withReason("DeletionByTaintManager").withMessage("Taint manager: deleting due to NoExecute taint")
                .withLastTransitionTime(now.truncatedTo(ChronoUnit.SECONDS).toString()).build());
        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(new PodBuilder(pod).editOrNewStatus()
                .withConditions(conditions).endStatus().build()).updateStatus();
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
        LOG.info("pod={} evicted for NoExecute taints of node={}", key, pod.getSpec().getNodeName());
    }

    /** A node's taints; none for a missing node or one sent without a spec (as a node may be created). */
    static List<Taint> taints(Node node) {
        return node == null || node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints();
    }
}
