package skiff.apiserver.registry.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import skiff.api.validation.FieldError;
import tools.jackson.databind.JsonNode;

/**
 * The annotations with a meaning for pods, on a pod or a pod template (k/k pkg/apis/core/validation/validation.go
 * ValidatePodSpecificAnnotations). The tolerations, seccomp and AppArmor annotations are not checked yet.
 */
final class PodAnnotationValidation {
    static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
    static final String MIRROR = "kubernetes.io/config.mirror";
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+");

    private PodAnnotationValidation() {}

    /**
     * @param path the annotations' path ({@code metadata.annotations}, {@code spec.template.annotations})
     * @param allowInvalidDeletionCost whether the stored object already had an invalid deletion cost
     */
    static List<FieldError> validate(Map<String, String> annotations, JsonNode spec, String path,
            boolean allowInvalidDeletionCost) {
        List<FieldError> errors = new ArrayList<>();
        if (annotations.containsKey(MIRROR) && GoFields.text(spec, "nodeName").isEmpty()) {
            errors.add(FieldError.invalid(path + "[" + MIRROR + "]", annotations.get(MIRROR),
                    "must set spec.nodeName if mirror pod annotation is set"));
        }
        if (!allowInvalidDeletionCost && annotations.containsKey(DELETION_COST)
                && !isValidDeletionCost(annotations.get(DELETION_COST))) {
            errors.add(FieldError.invalid(path + "[" + DELETION_COST + "]", annotations.get(DELETION_COST),
                    "must be a 32bit integer"));
        }
        return errors;
    }

    // k/k pkg/apis/core/helper/helpers.go GetDeletionCostFromPodAnnotations: a decimal int32 without a plus sign or
    // leading zeros (a minus sign is fine).
    static boolean isValidDeletionCost(String value) {
        boolean validFirst = !value.isEmpty() && (value.charAt(0) == '-' || value.equals("0")
                || (value.charAt(0) >= '1' && value.charAt(0) <= '9'));
        if (!validFirst || !DECIMAL.matcher(value).matches()) {
            return false;
        }
        try {
            Integer.parseInt(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether the object's annotations hold a deletion cost that is not valid (kept valid for old objects). */
    static boolean hasInvalidDeletionCost(Map<String, String> annotations) {
        return annotations.containsKey(DELETION_COST) && !isValidDeletionCost(annotations.get(DELETION_COST));
    }
}
