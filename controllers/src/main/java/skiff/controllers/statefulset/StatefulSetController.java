package skiff.controllers.statefulset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import skiff.api.selector.LabelSelector;
import skiff.client.events.EventRecorder;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.EnqueueOwnKey;
import skiff.controllers.framework.ManagedController;

/**
 * Runs StatefulSets: pods with stable ordinal identities, created and removed in order, rolled through
 * ControllerRevisions (k/k pkg/controller/statefulset/stateful_set.go). The queue holds {@code namespace/name} keys.
 */
public final class StatefulSetController {
    public static final String NAME = "statefulset";
    // k/k cmd/kube-controller-manager: --concurrent-statefulset-syncs defaults to 5.
    private static final int WORKERS = 5;

    private StatefulSetController() {}

    public static ManagedController create(ControllerContext context) {
        SharedIndexInformer<StatefulSet> sets = context.informers().forType(StatefulSet.class);
        SharedIndexInformer<Pod> pods = context.informers().forType(Pod.class);
        SharedIndexInformer<ControllerRevision> revisions = context.informers().forType(ControllerRevision.class);
        SharedIndexInformer<PersistentVolumeClaim> claims = context.informers().forType(PersistentVolumeClaim.class);
        RateLimitingQueue<String> queue = context.queue("statefulset");
        sets.addEventHandler(new EnqueueOwnKey<>(queue));
        pods.addEventHandler(new PodChanges(queue, sets.getIndexer()));
        EventRecorder events = context.eventRecorder("statefulset-controller");
        StatefulSetSync sync = new StatefulSetSync(sets.getIndexer(), pods.getIndexer(),
                new StatefulSetPodClaims(context.client()),
                new StatefulSetHistory(revisions.getIndexer(), context.client()),
                new StatefulPodControl(context.client(), events,
                        new VolumeClaims(claims.getStore(), context.client(), events)),
                new StatefulSetStatusUpdater(context.client()),
                context.clock());
        return context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(sets, pods, revisions, claims))
                .handler(sync::sync)
                .workers(WORKERS)
                .closing(events)
                .build();
    }

    /**
     * k/k stateful_set.go addPod/updatePod/deletePod: a pod wakes its controlling set; an orphan wakes every set
     * whose selector matches it, which may adopt it.
     */
    private record PodChanges(RateLimitingQueue<String> queue, Indexer<StatefulSet> sets)
            implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            enqueueOwners(pod);
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            if (!Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels())
                    || !Objects.equals(controller(old), controller(pod))) {
                enqueueOwners(old);
            }
            enqueueOwners(pod);
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            OwnerReference ref = controller(pod);
            if (ref != null && "StatefulSet".equals(ref.getKind())) {
                queue.add(pod.getMetadata().getNamespace() + "/" + ref.getName());
            }
        }

        private void enqueueOwners(Pod pod) {
            OwnerReference ref = controller(pod);
            if (ref != null) {
                if ("StatefulSet".equals(ref.getKind())) {
                    queue.add(pod.getMetadata().getNamespace() + "/" + ref.getName());
                }
                return;
            }
            Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of()
                    : pod.getMetadata().getLabels();
            for (StatefulSet set : sets.byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
                if (set.getSpec().getSelector() != null
                        && LabelSelector.fromFabric8(set.getSpec().getSelector()).matches(labels)) {
                    queue.add(Cache.metaNamespaceKeyFunc(set));
                }
            }
        }

        private static OwnerReference controller(Pod pod) {
            return StatefulSetPodClaims.controllerOf(pod).orElse(null);
        }
    }
}
