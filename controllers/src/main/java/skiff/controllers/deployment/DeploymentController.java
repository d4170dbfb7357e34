package skiff.controllers.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import java.util.Map;
import skiff.api.selector.LabelSelector;
import skiff.client.events.EventRecorder;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ControllerOwner;
import skiff.controllers.framework.EnqueueOwnKey;
import skiff.controllers.framework.ManagedController;

/**
 * Rolls deployments out through replica sets: one set per pod template, scaled up and down by the RollingUpdate or
 * Recreate strategy (k/k pkg/controller/deployment/deployment_controller.go). The queue holds
 * {@code namespace/name} keys of deployments; replica set and pod events are mapped to their deployment.
 */
public final class DeploymentController {
    public static final String NAME = "deployment";
    // k/k cmd/kube-controller-manager: --concurrent-deployment-syncs defaults to 5.
    private static final int WORKERS = 5;

    private DeploymentController() {}

    public static ManagedController create(ControllerContext context) {
        SharedIndexInformer<Deployment> deployments = context.informers().forType(Deployment.class);
        SharedIndexInformer<ReplicaSet> replicaSets = context.informers().forType(ReplicaSet.class);
        SharedIndexInformer<Pod> pods = context.informers().forType(Pod.class);
        RateLimitingQueue<String> queue = context.queue("deployment");
        EventRecorder events = context.eventRecorder("deployment-controller");
        deployments.addEventHandler(new EnqueueOwnKey<>(queue));
        replicaSets.addEventHandler(new ReplicaSetChanges(queue, deployments));
        pods.addEventHandler(new PodDeletions(queue, deployments, replicaSets));
        ReplicaSetControl control = new ReplicaSetControl(context.client(), events);
        DeploymentSync sync = new DeploymentSync(deployments.getIndexer(), replicaSets.getIndexer(),
                pods.getIndexer(), new ReplicaSetClaims(context.client()), control,
                new DeploymentWrites(context.client()), events, context.clock());
        return context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(deployments, replicaSets, pods))
                .handler(sync::sync)
                .workers(WORKERS)
                .closing(events)
                .build();
    }

    private static String key(String namespace, String name) {
        return Cache.namespaceKeyFunc(namespace, name);
    }

    /**
     * k/k deployment_controller.go addReplicaSet/updateReplicaSet/deleteReplicaSet: a set wakes its controlling
     * deployment, or, as an orphan, every deployment whose selector matches it.
     */
    private record ReplicaSetChanges(RateLimitingQueue<String> queue, SharedIndexInformer<Deployment> deployments)
            implements ResourceEventHandler<ReplicaSet> {
        @Override
        public void onAdd(ReplicaSet rs) {
            enqueueOwnerOrMatching(rs);
        }

        @Override
        public void onUpdate(ReplicaSet old, ReplicaSet rs) {
            ControllerOwner.of(old).filter(r -> ControllerOwner.of(rs).map(n -> !n.getUid().equals(r.getUid()))
                    .orElse(true)).ifPresent(r -> enqueueIfDeployment(old.getMetadata().getNamespace(), r.getKind(),
                            r.getName()));
            enqueueOwnerOrMatching(rs);
        }

        @Override
        public void onDelete(ReplicaSet rs, boolean finalStateUnknown) {
            ControllerOwner.of(rs).ifPresent(r -> enqueueIfDeployment(rs.getMetadata().getNamespace(), r.getKind(),
                    r.getName()));
        }

        private void enqueueOwnerOrMatching(ReplicaSet rs) {
            String ns = rs.getMetadata().getNamespace();
            var owner = ControllerOwner.of(rs);
            if (owner.isPresent()) {
                enqueueIfDeployment(ns, owner.get().getKind(), owner.get().getName());
                return;
            }
            Map<String, String> labels = rs.getMetadata().getLabels() == null ? Map.of() : rs.getMetadata().getLabels();
            for (Deployment d : deployments.getIndexer().byIndex(Cache.NAMESPACE_INDEX, ns)) {
                LabelSelector selector = LabelSelector.fromFabric8(d.getSpec().getSelector());
                if (!selector.isEverything() && selector.matches(labels)) {
                    queue.add(Cache.metaNamespaceKeyFunc(d));
                }
            }
        }

        private void enqueueIfDeployment(String namespace, String kind, String name) {
            if ("Deployment".equals(kind)) {
                queue.add(key(namespace, name));
            }
        }
    }

    /** k/k deployment_controller.go deletePod: a Recreate deployment waits for its old pods to be gone. */
    private record PodDeletions(RateLimitingQueue<String> queue, SharedIndexInformer<Deployment> deployments,
            SharedIndexInformer<ReplicaSet> replicaSets) implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {}

        @Override
        public void onUpdate(Pod old, Pod pod) {}

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            String ns = pod.getMetadata().getNamespace();
            ControllerOwner.of(pod).filter(r -> "ReplicaSet".equals(r.getKind()))
                    .map(r -> replicaSets.getIndexer().getByKey(key(ns, r.getName())))
                    .flatMap(ControllerOwner::of)
                    .filter(r -> "Deployment".equals(r.getKind()))
                    .map(r -> deployments.getIndexer().getByKey(key(ns, r.getName())))
                    .filter(d -> !DeploymentSpecs.isRollingUpdate(d))
                    .ifPresent(d -> queue.add(Cache.metaNamespaceKeyFunc(d)));
        }
    }
}
