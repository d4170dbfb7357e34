package skiff.apiserver.registry.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameValidation;
import skiff.apiserver.registry.ResourceStrategy;
import skiff.apiserver.registry.core.GoFields;
import skiff.apiserver.registry.core.SemanticEquality;
import tools.jackson.databind.node.ObjectNode;

/**
 * storage.k8s.io/v1 StorageClasses (k/k pkg/apis/storage/v1/defaults.go SetDefaults_StorageClass and
 * pkg/apis/storage/validation/validation.go ValidateStorageClass/Update, 1.32): reclaim policy Delete and binding
 * mode Immediate by default; provisioner, parameters, reclaim policy and binding mode fixed once created.
 */
public enum StorageClassStrategy implements ResourceStrategy {
    INSTANCE;

    private static final List<String> RECLAIM_POLICIES = List.of("Delete", "Retain");
    private static final List<String> BINDING_MODES = List.of("Immediate", "WaitForFirstConsumer");

    @Override
    public void applyDefaults(ObjectNode sc) {
        if (!GoFields.present(sc.get("reclaimPolicy"))) {
            sc.put("reclaimPolicy", "Delete");
        }
        if (!GoFields.present(sc.get("volumeBindingMode"))) {
            sc.put("volumeBindingMode", "Immediate");
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode sc) {
        List<FieldError> errors = new ArrayList<>();
        String provisioner = GoFields.text(sc, "provisioner");
        if (provisioner.isEmpty()) {
            errors.add(FieldError.required("provisioner", ""));
        } else {
            NameValidation.isQualifiedName(provisioner.toLowerCase(Locale.ROOT))
                    .forEach(msg -> errors.add(FieldError.invalid("provisioner", provisioner, msg)));
        }
        sc.path("parameters").properties().forEach(e -> {
            if (e.getKey().isEmpty()) {
                errors.add(FieldError.invalid("parameters", GoFields.stringMap(sc, "parameters"),
                        "field can not have an empty key"));
            }
        });
        String reclaim = GoFields.text(sc, "reclaimPolicy");
        if (!RECLAIM_POLICIES.contains(reclaim)) {
            errors.add(FieldError.notSupported("reclaimPolicy", reclaim, RECLAIM_POLICIES));
        }
        String mode = GoFields.text(sc, "volumeBindingMode");
        if (!BINDING_MODES.contains(mode)) {
            errors.add(FieldError.notSupported("volumeBindingMode", mode, BINDING_MODES));
        }
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode sc, ObjectNode old) {
        List<FieldError> errors = new ArrayList<>(validate(sc));
        if (!SemanticEquality.equal(sc.get("parameters"), old.get("parameters"))) {
            errors.add(FieldError.forbidden("parameters", "updates to parameters are forbidden."));
        }
        if (!GoFields.text(sc, "provisioner").equals(GoFields.text(old, "provisioner"))) {
            errors.add(FieldError.forbidden("provisioner", "updates to provisioner are forbidden."));
        }
        if (!GoFields.text(sc, "reclaimPolicy").equals(GoFields.text(old, "reclaimPolicy"))) {
            errors.add(FieldError.forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
        }
        String mode = GoFields.text(sc, "volumeBindingMode");
        if (!mode.equals(GoFields.text(old, "volumeBindingMode"))) {
            errors.add(FieldError.invalid("volumeBindingMode", mode, "field is immutable"));
        }
        return errors;
    }
}
