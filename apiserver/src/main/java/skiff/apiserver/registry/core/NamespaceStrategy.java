package skiff.apiserver.registry.core;

import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Namespaces start Active with the "kubernetes" finalizer in spec (k/k pkg/registry/core/namespace/strategy.go
 * PrepareForCreate); the phase is the server's to set, and spec.finalizers changes only through the finalize
 * subresource (strategy.go PrepareForUpdate keeps the stored list).
 */
public enum NamespaceStrategy implements ResourceStrategy {
    INSTANCE;

    // k/k pkg/apis/core/v1/defaults.go SetDefaults_NamespaceStatus: a namespace without a phase is Active.
    @Override
    public void applyDefaults(ObjectNode namespace) {
        ObjectNode status = GoFields.struct(namespace, "status");
        if (status != null && GoFields.text(status, "phase").isEmpty()) {
            status.put("phase", "Active");
        }
    }

    @Override
    public void prepareForCreate(ObjectNode object) {
        object.putObject("status").put("phase", "Active");
        ObjectNode spec = GoFields.struct(object, "spec");
        if (spec != null) {
            spec.putArray("finalizers").add("kubernetes");
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode object, ObjectNode old) {
        JsonNode finalizers = old.path("spec").get("finalizers");
        if (finalizers == null) {
            if (object.get("spec") instanceof ObjectNode spec) {
                spec.remove("finalizers");
            }
        } else {
            ObjectNode spec = GoFields.struct(object, "spec");
            if (spec != null) {
                spec.set("finalizers", finalizers.deepCopy());
            }
        }
    }

    @Override
    public boolean holdsDeletion(ObjectNode namespace) {
        return !namespace.path("spec").path("finalizers").isEmpty();
    }

    @Override
    public void prepareForDeletion(ObjectNode namespace) {
        namespace.withObject("status").put("phase", "Terminating");
    }
}
