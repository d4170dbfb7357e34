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

    static final String METADATA_NAME_LABEL = "kubernetes.io/metadata.name";

    // k/k pkg/apis/core/v1/defaults.go (1.32) SetDefaults_Namespace: a named namespace carries its name in the label
    // kubernetes.io/metadata.name, whatever the request said; SetDefaults_NamespaceStatus: no phase is Active.
    @Override
    public void applyDefaults(ObjectNode namespace) {
        ObjectNode metadata = GoFields.struct(namespace, "metadata");
        String name = metadata == null ? "" : GoFields.text(metadata, "name");
        if (!name.isEmpty()) {
            JsonNode labels = metadata.get("labels");
            if (labels == null || labels.isNull()) {
                metadata.putObject("labels").put(METADATA_NAME_LABEL, name);
            } else if (labels instanceof ObjectNode map) {
                map.put(METADATA_NAME_LABEL, name);
            }
        }
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
