package skiff.apiserver.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import skiff.api.validation.FieldError;
import tools.jackson.databind.JsonNode;

/**
 * Validation of a namespace's spec.finalizers as the finalize subresource writes them (k/k pkg/apis/core/validation
 * validateFinalizerName): each entry is one of Kubernetes' own finalizer names or a domain-qualified one.
 */
final class SpecFinalizers {
    private static final Set<String> STANDARD = Set.of("kubernetes", "orphan", "foregroundDeletion");

    private SpecFinalizers() {}

    static List<FieldError> validate(JsonNode finalizers) {
        List<FieldError> errors = new ArrayList<>();
        if (finalizers == null || finalizers.isNull()) {
            return errors;
        }
        if (!finalizers.isArray()) {
            errors.add(FieldError.typeInvalid("spec.finalizers", finalizers.toString(), "must be a list of strings"));
            return errors;
        }
        for (int i = 0; i < finalizers.size(); i++) {
            JsonNode f = finalizers.get(i);
            String field = "spec.finalizers[" + i + "]";
            if (!f.isString() || f.asString().isEmpty()) {
                errors.add(FieldError.invalid(field, f.toString(), "must be a non-empty string"));
            } else if (!STANDARD.contains(f.asString()) && !f.asString().contains("/")) {
                errors.add(FieldError.invalid(field, f.asString(),
                        "name is neither a standard finalizer name nor is it fully qualified"));
            }
        }
        return errors;
    }
}
