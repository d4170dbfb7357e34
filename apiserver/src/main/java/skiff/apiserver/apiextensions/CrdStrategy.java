package skiff.apiserver.apiextensions;

import java.util.List;
import java.util.Locale;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The main endpoint of CustomResourceDefinitions (k/k 1.32 apiextensions-apiserver
 * pkg/registry/customresourcedefinition/strategy.go, defaults from pkg/apis/apiextensions/v1/defaults.go).
 */
public enum CrdStrategy implements ResourceStrategy {
    INSTANCE;

    // v1/defaults.go SetDefaults_CustomResourceDefinitionSpec: singular and listKind from the kind, conversion None.
    @Override
    public void applyDefaults(ObjectNode crd) {
        ObjectNode spec = crd.withObject("spec");
        ObjectNode names = spec.withObject("names");
        String kind = names.path("kind").asString("");
        if (names.path("singular").asString("").isEmpty() && !kind.isEmpty()) {
            names.put("singular", kind.toLowerCase(Locale.ROOT));
        }
        if (names.path("listKind").asString("").isEmpty() && !kind.isEmpty()) {
            names.put("listKind", kind + "List");
        }
        if (!spec.path("conversion").isObject()) {
            spec.putObject("conversion").put("strategy", "None");
        }
        // v1/defaults.go SetDefaults_ServiceReference: a conversion webhook's service port is 443.
        if (spec.path("conversion").path("webhook").path("clientConfig").path("service") instanceof ObjectNode service
                && !service.hasNonNull("port")) {
            service.put("port", 443);
        }
    }

    // strategy.go PrepareForCreate: the status starts with the storage version stored, nothing accepted yet.
    @Override
    public void prepareForCreate(ObjectNode crd) {
        ObjectNode status = crd.putObject("status");
        ObjectNode accepted = status.putObject("acceptedNames");
        accepted.put("plural", "");
        accepted.put("kind", "");
        status.putArray("storedVersions");
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("storage").asBoolean(false)) {
                status.withArray("storedVersions").add(v.path("name").asString(""));
            }
        }
    }

    // strategy.go PrepareForUpdate: a new storage version joins storedVersions (the generic update keeps the
    // status and bumps the generation on a spec change).
    @Override
    public void prepareForUpdate(ObjectNode crd, ObjectNode old) {
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("storage").asBoolean(false)) {
                String name = v.path("name").asString("");
                boolean known = false;
                for (JsonNode s : crd.withObject("status").withArray("storedVersions")) {
                    known |= s.asString("").equals(name);
                }
                if (!known) {
                    crd.withObject("status").withArray("storedVersions").add(name);
                }
            }
        }
    }

    // etcd.go REST.Delete: a delete only marks the CRD, which keeps the cleanup finalizer until its objects are gone.
    @Override
    public boolean holdsDeletion(ObjectNode crd) {
        return !crd.path("metadata").hasNonNull("deletionTimestamp");
    }

    @Override
    public void prepareForDeletion(ObjectNode crd) {
        ArrayNode finalizers = crd.withObject("metadata").withArray("finalizers");
        boolean present = false;
        for (JsonNode f : finalizers) {
            present |= f.asString("").equals(CustomResourceDefinitions.CLEANUP_FINALIZER);
        }
        if (!present) {
            finalizers.add(CustomResourceDefinitions.CLEANUP_FINALIZER);
        }
        CrdConditions.set(crd, CrdConditions.TERMINATING, "True", "InstanceDeletionPending",
                "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon",
                crd.path("metadata").path("deletionTimestamp").asString());
    }

    @Override
    public List<FieldError> validate(ObjectNode crd) {
        return CrdValidation.validate(crd);
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode crd, ObjectNode old) {
        return CrdValidation.validateUpdate(crd, old);
    }
}
