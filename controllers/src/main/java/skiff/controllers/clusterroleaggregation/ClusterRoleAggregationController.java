package skiff.controllers.clusterroleaggregation;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;

/**
 * Fills the rules of every ClusterRole with an aggregation rule from the ClusterRoles its selectors match (k/k
 * pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go, 1.32). Any ClusterRole change
 * re-checks every aggregated one; the queue holds their names.
 */
public final class ClusterRoleAggregationController {
    public static final String NAME = "clusterrole-aggregation";
    // k/k cmd/kube-controller-manager/app/rbac.go startClusterRoleAggregationController runs 5 workers.
    private static final int WORKERS = 5;

    private ClusterRoleAggregationController() {}

    public static ManagedController create(ControllerContext context) {
        SharedIndexInformer<ClusterRole> roles = context.informers().forType(ClusterRole.class);
        RateLimitingQueue<String> queue = context.queue("ClusterRoleAggregator");
        roles.addEventHandler(new AnyChange(roles, queue));
        ClusterRoleAggregationSync sync = new ClusterRoleAggregationSync(roles.getIndexer(), context.client());
        return context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(roles))
                .handler(sync::sync)
                .workers(WORKERS)
                .build();
    }

    /** clusterroleaggregation_controller.go enqueue: every aggregated ClusterRole, whatever changed. */
    private record AnyChange(SharedIndexInformer<ClusterRole> roles, RateLimitingQueue<String> queue)
            implements ResourceEventHandler<ClusterRole> {
        @Override
        public void onAdd(ClusterRole role) {
            enqueueAggregated();
        }

        @Override
        public void onUpdate(ClusterRole old, ClusterRole role) {
            enqueueAggregated();
        }

        @Override
        public void onDelete(ClusterRole role, boolean finalStateUnknown) {
            enqueueAggregated();
        }

        private void enqueueAggregated() {
            for (ClusterRole role : roles.getIndexer().list()) {
                if (role.getAggregationRule() != null) {
                    queue.add(role.getMetadata().getName());
                }
            }
        }
    }
}
