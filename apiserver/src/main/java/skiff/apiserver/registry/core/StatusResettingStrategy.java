package skiff.apiserver.registry.core;

import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.node.ObjectNode;

/**
 * For resources whose status only controllers write: a create starts with an empty status (k/k
 * pkg/registry/apps/replicaset/strategy.go PrepareForCreate, and likewise for the other workload kinds).
 */
public enum StatusResettingStrategy implements ResourceStrategy {
    INSTANCE;

    @Override
    public void prepareForCreate(ObjectNode object) {
        object.remove("status");
    }
}
