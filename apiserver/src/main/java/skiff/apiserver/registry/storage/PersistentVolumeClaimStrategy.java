package skiff.apiserver.registry.storage;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import skiff.apiserver.registry.apps.WorkloadSelector;
import skiff.apiserver.registry.core.GoFields;
import skiff.apiserver.registry.core.SemanticEquality;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * core/v1 PersistentVolumeClaims (k/k pkg/registry/core/persistentvolumeclaim/strategy.go, pkg/apis/core/v1/
 * defaults.go SetDefaults_PersistentVolumeClaim and validation.go ValidatePersistentVolumeClaimSpec/Update, 1.32):
 * access modes and a storage request required, Filesystem by default, the spec fixed once created but for the
 * volume name set once and the storage request of a bound claim growing.
 */
public enum PersistentVolumeClaimStrategy implements ResourceStrategy {
    INSTANCE;

    // k/k pkg/apis/core/annotation_key_constants.go BetaStorageClassAnnotation.
    static final String BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

    @Override
    public void applyDefaults(ObjectNode pvc) {
        ObjectNode spec = GoFields.struct(pvc, "spec");
        if (spec != null && !GoFields.present(spec.get("volumeMode"))) {
            spec.put("volumeMode", "Filesystem");
        }
        ObjectNode status = GoFields.struct(pvc, "status");
        if (status != null && GoFields.text(status, "phase").isEmpty()) {
            status.put("phase", "Pending");
        }
    }

    // strategy.go PrepareForCreate: the status starts over (Pending, by the defaults).
    @Override
    public void prepareForCreate(ObjectNode pvc) {
        pvc.putObject("status").put("phase", "Pending");
    }

    @Override
    public void prepareForUpdate(ObjectNode pvc, ObjectNode old) {
        JsonNode status = old.get("status");
        if (status == null) {
            pvc.remove("status");
        } else {
            pvc.set("status", status.deepCopy());
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode pvc) {
        return validateSpec(pvc.path("spec"), "spec");
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode pvc, ObjectNode old) {
        List<FieldError> errors = new ArrayList<>(validate(pvc));
        ObjectNode spec = copyOf(pvc.path("spec"));
        ObjectNode oldSpec = copyOf(old.path("spec"));
        // The binder sets volumeName once.
        if (GoFields.text(oldSpec, "volumeName").isEmpty()) {
            copy(spec, oldSpec, "volumeName");
        }
        // validation.go validateStorageClassUpgradeFromNil (RetroactiveDefaultStorageClass): a claim without a
        // class may be given one once.
        if (!GoFields.present(oldSpec.get("storageClassName"))
                && !old.path("metadata").path("annotations").has(BETA_CLASS_ANNOTATION)
                && !GoFields.text(spec, "storageClassName").isEmpty()) {
            copy(spec, oldSpec, "storageClassName");
        }
        // A bound claim's storage request may change (expansion, checked by PersistentVolumeClaimResize).
        boolean bound = GoFields.text(pvc.path("status"), "phase").equals("Bound");
        if (bound && spec.path("resources").get("requests") instanceof ObjectNode requests) {
            JsonNode oldStorage = oldSpec.path("resources").path("requests").get("storage");
            if (oldStorage == null) {
                requests.remove("storage");
            } else {
                requests.set("storage", oldStorage.deepCopy());
            }
        }
        if (!SemanticEquality.equal(spec, oldSpec)) {
            errors.add(FieldError.forbidden("spec", "spec is immutable after creation except resources.requests "
                    + "and volumeAttributesClassName for bound claims"));
        }
        BigDecimal newSize = storage(pvc.path("spec"));
        BigDecimal oldSize = storage(old.path("spec"));
        if (newSize != null && oldSize != null && newSize.compareTo(oldSize) < 0) {
            errors.add(FieldError.forbidden("spec.resources.requests.storage",
                    "field can not be less than previous value"));
        }
        if (!Objects.equals(GoFields.text(pvc.path("spec"), "volumeMode"), GoFields.text(old.path("spec"), "volumeMode"))) {
            errors.add(FieldError.invalid("volumeMode", GoFields.text(pvc.path("spec"), "volumeMode"),
                    "field is immutable"));
        }
        return errors;
    }

    /** validation.go ValidatePersistentVolumeClaimSpec at {@code path} (a StatefulSet's claim templates too). */
    public static List<FieldError> validateSpec(JsonNode spec, String path) {
        List<FieldError> errors = new ArrayList<>();
        if (spec.path("accessModes").isEmpty()) {
            errors.add(FieldError.required(path + ".accessModes", "at least 1 access mode is required"));
        }
        if (GoFields.present(spec.get("selector"))) {
            errors.addAll(WorkloadSelector.validate(spec.get("selector"), path + ".selector"));
        }
        errors.addAll(VolumeFields.accessModes(spec, path + ".accessModes", "").stream()
                .filter(e -> !e.type().equals(FieldError.Type.REQUIRED)).toList());
        JsonNode storage = spec.path("resources").path("requests").get("storage");
        if (storage == null) {
            errors.add(FieldError.required(path + ".resources[storage]", ""));
        } else {
            errors.addAll(VolumeFields.positiveQuantity(storage, path + ".resources[storage]"));
        }
        JsonNode className = spec.get("storageClassName");
        if (GoFields.present(className)) {
            errors.addAll(VolumeFields.className(className.asString(""), path + ".storageClassName"));
        }
        errors.addAll(VolumeFields.volumeMode(spec, path + ".volumeMode"));
        return errors;
    }

    static BigDecimal storage(JsonNode spec) {
        return VolumeFields.bytes(spec.path("resources").path("requests").get("storage"));
    }

    private static ObjectNode copyOf(JsonNode spec) {
        return spec instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
    }

    private static void copy(ObjectNode to, ObjectNode from, String field) {
        JsonNode value = from.get(field);
        if (value == null) {
            to.remove(field);
        } else {
            to.set(field, value.deepCopy());
        }
    }
}
