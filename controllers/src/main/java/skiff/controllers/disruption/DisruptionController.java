package skiff.controllers.disruption;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.util.List;
import java.util.Map;
import skiff.api.selector.LabelSelector;
import skiff.client.events.EventRecorder;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.Controller;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.EnqueueOwnKey;
import skiff.controllers.framework.ManagedController;

/**
 * Keeps the status of each policy/v1 PodDisruptionBudget, which the eviction subresource reads and decrements (k/k
 * pkg/controller/disruption, kube-controller-manager's "disruption" controller, 1.32). The queue holds budget keys;
 * a pod's change queues the budgets that select it.
 */
public final class DisruptionController implements ManagedController {
    public static final String NAME = "disruption";

    private final Controller<String> runner;
    private final EventRecorder events;

    private DisruptionController(ControllerContext context) {
        SharedIndexInformer<PodDisruptionBudget> budgets = context.informers().forType(PodDisruptionBudget.class);
        SharedIndexInformer<Pod> pods = context.informers().forType(Pod.class);
        SharedIndexInformer<ReplicaSet> replicaSets = context.informers().forType(ReplicaSet.class);
        SharedIndexInformer<Deployment> deployments = context.informers().forType(Deployment.class);
        SharedIndexInformer<StatefulSet> statefulSets = context.informers().forType(StatefulSet.class);
        SharedIndexInformer<ReplicationController> rcs = context.informers().forType(ReplicationController.class);
        RateLimitingQueue<String> queue = context.queue("disruption");
        this.events = context.eventRecorder("controllermanager");
        budgets.addEventHandler(new EnqueueOwnKey<>(queue));
        pods.addEventHandler(new PodBudgets(queue, budgets.getIndexer()));
        ControllerScales scales = new ControllerScales(replicaSets.getIndexer(), deployments.getIndexer(),
                statefulSets.getIndexer(), rcs.getIndexer());
        DisruptionSync sync = new DisruptionSync(budgets.getIndexer(), pods.getIndexer(), scales, context.client(),
                events, context.clock());
        this.runner = context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(budgets, pods, replicaSets, deployments, statefulSets, rcs))
                .handler(sync::sync)
                .workers(1)
                .build();
    }

    public static ManagedController create(ControllerContext context) {
        return new DisruptionController(context);
    }

    @Override
    public void start() {
        runner.start();
    }

    @Override
    public void close() {
        runner.close();
        events.close();
    }

    /** disruption.go addPod/updatePod/deletePod: the budgets of the pod's namespace that select it are synced. */
    private record PodBudgets(RateLimitingQueue<String> queue, Indexer<PodDisruptionBudget> budgets)
            implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            enqueue(pod);
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            enqueue(pod);
            if (!java.util.Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels())) {
                enqueue(old);
            }
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            enqueue(pod);
        }

        private void enqueue(Pod pod) {
            Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
            for (PodDisruptionBudget pdb : budgets.byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
                if (LabelSelector.fromFabric8(pdb.getSpec().getSelector()).matches(labels)) {
                    queue.add(Cache.metaNamespaceKeyFunc(pdb));
                }
            }
        }
    }
}
