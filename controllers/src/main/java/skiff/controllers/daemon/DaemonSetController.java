package skiff.controllers.daemon;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import java.util.Objects;
import skiff.client.events.EventRecorder;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ControllerExpectations;
import skiff.controllers.framework.ControllerOwner;
import skiff.controllers.framework.EnqueueOwnKey;
import skiff.controllers.framework.ManagedController;

/**
 * Runs one pod of each daemon set on every eligible node, and rolls template changes out with RollingUpdate or
 * OnDelete, recording templates as ControllerRevisions (k/k pkg/controller/daemon/daemon_controller.go). Pods are
 * bound to their node by required node affinity; the scheduler places them. The queue holds {@code namespace/name}
 * keys of daemon sets.
 */
public final class DaemonSetController {
    public static final String NAME = "daemonset";
    // k/k cmd/kube-controller-manager: --concurrent-daemonset-syncs defaults to 2.
    private static final int WORKERS = 2;

    private DaemonSetController() {}

    public static ManagedController create(ControllerContext context) {
        SharedIndexInformer<DaemonSet> daemonSets = context.informers().forType(DaemonSet.class);
        SharedIndexInformer<Node> nodes = context.informers().forType(Node.class);
        SharedIndexInformer<Pod> pods = context.informers().forType(Pod.class);
        SharedIndexInformer<ControllerRevision> revisions = context.informers().forType(ControllerRevision.class);
        RateLimitingQueue<String> queue = context.queue("daemonset");
        ControllerExpectations expectations = new ControllerExpectations(context.clock());
        EventRecorder events = context.eventRecorder("daemonset-controller");
        daemonSets.addEventHandler(new EnqueueOwnKey<>(queue));
        nodes.addEventHandler(new NodeChanges(queue, daemonSets));
        pods.addEventHandler(new PodChanges(queue, expectations));
        DaemonSetSync sync = new DaemonSetSync(daemonSets.getIndexer(), nodes.getIndexer(), pods.getIndexer(),
                revisions.getIndexer(), context.client(), expectations, events, context.clock());
        return context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(daemonSets, nodes, pods, revisions))
                .handler(sync::sync)
                .workers(WORKERS)
                .closing(events)
                .build();
    }

    /**
     * k/k daemon_controller.go addNode/updateNode: a new node, or one whose labels, taints or conditions changed,
     * may change where every daemon set runs.
     */
    private record NodeChanges(RateLimitingQueue<String> queue, SharedIndexInformer<DaemonSet> daemonSets)
            implements ResourceEventHandler<Node> {
        @Override
        public void onAdd(Node node) {
            enqueueAll();
        }

        @Override
        public void onUpdate(Node old, Node node) {
            boolean changed = !Objects.equals(old.getMetadata().getLabels(), node.getMetadata().getLabels())
                    || !Objects.equals(old.getSpec(), node.getSpec())
                    || !Objects.equals(old.getStatus() == null ? null : old.getStatus().getConditions(),
                            node.getStatus() == null ? null : node.getStatus().getConditions());
            if (changed) {
                enqueueAll();
            }
        }

        @Override
        public void onDelete(Node node, boolean finalStateUnknown) {
            enqueueAll();
        }

        private void enqueueAll() {
            daemonSets.getIndexer().list().forEach(ds -> queue.add(Cache.metaNamespaceKeyFunc(ds)));
        }
    }

    /** Pod events wake the controlling daemon set and settle its expectations. */
    private record PodChanges(RateLimitingQueue<String> queue, ControllerExpectations expectations)
            implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            ownerKey(pod).ifPresent(key -> {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    expectations.deletionObserved(key, Cache.metaNamespaceKeyFunc(pod));
                } else {
                    expectations.creationObserved(key);
                }
                queue.add(key);
            });
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            ownerKey(pod).ifPresent(key -> {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    expectations.deletionObserved(key, Cache.metaNamespaceKeyFunc(pod));
                }
                queue.add(key);
            });
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            ownerKey(pod).ifPresent(key -> {
                expectations.deletionObserved(key, Cache.metaNamespaceKeyFunc(pod));
                queue.add(key);
            });
        }

        private static java.util.Optional<String> ownerKey(Pod pod) {
            return ControllerOwner.of(pod).filter(r -> "DaemonSet".equals(r.getKind()))
                    .map(r -> Cache.namespaceKeyFunc(pod.getMetadata().getNamespace(), r.getName()));
        }
    }
}
