package skiff.apiserver.registry.apps;

import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replica sets, replication controllers, deployments, stateful sets and daemon sets: defaulted as their kind
 * says, and created with an empty status that only their controller writes (k/k pkg/registry/apps/replicaset/strategy.go and its siblings).
 */
public final class WorkloadStrategy implements ResourceStrategy {
    private final WorkloadDefaults defaults;

    public WorkloadStrategy(WorkloadDefaults defaults) {
        this.defaults = defaults;
    }

    @Override
    public void applyDefaults(ObjectNode object) {
        defaults.accept(object);
    }

    @Override
    public void prepareForCreate(ObjectNode object) {
        object.remove("status");
    }
}
