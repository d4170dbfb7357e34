package skiff.apiserver.registry.apps;

import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.GarbageCollectionPolicy;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replica sets, replication controllers, deployments, stateful sets and daemon sets: defaulted and validated as their
 * kind says, and created with an empty status that only their controller writes (k/k
 * pkg/registry/apps/replicaset/strategy.go and its siblings).
 */
public final class WorkloadStrategy implements ResourceStrategy {
    private final WorkloadDefaults defaults;
    private final WorkloadValidation validation;
    private final GarbageCollectionPolicy garbageCollectionPolicy;

    public WorkloadStrategy(WorkloadDefaults defaults, WorkloadValidation validation,
            GarbageCollectionPolicy garbageCollectionPolicy) {
        this.defaults = defaults;
        this.validation = validation;
        this.garbageCollectionPolicy = garbageCollectionPolicy;
    }

    @Override
    public void applyDefaults(ObjectNode object) {
        defaults.accept(object);
    }

    @Override
    public void prepareForCreate(ObjectNode object) {
        object.remove("status");
    }

    @Override
    public List<FieldError> validate(ObjectNode object) {
        return validation.validate(object);
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode object, ObjectNode old) {
        return validation.validateUpdate(object, old);
    }

    @Override
    public GarbageCollectionPolicy defaultGarbageCollectionPolicy() {
        return garbageCollectionPolicy;
    }
}
