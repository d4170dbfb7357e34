package skiff.apiserver.registry.apps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skiff.api.validation.FieldError;
import skiff.api.validation.GoStruct;
import skiff.api.validation.NameValidation;
import skiff.api.validation.ObjectMetaValidation;
import skiff.apiserver.registry.core.GoFields;
import tools.jackson.databind.JsonNode;

/**
 * A workload's {@code spec.selector}, a metav1.LabelSelector: its validation, whether it converts to a label selector,
 * whether it matches a set of labels, and how an error message shows it.
 */
public final class WorkloadSelector {
    private WorkloadSelector() {}

    // k/k staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go ValidateLabelSelector and
    // ValidateLabelSelectorRequirement: the labels, then each expression's operator, key and values.
    public static List<FieldError> validate(JsonNode selector, String path) {
        if (!GoFields.present(selector)) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>(ObjectMetaValidation.validateLabels(
                GoFields.stringMap(selector, "matchLabels"), path + ".matchLabels"));
        JsonNode expressions = selector.path("matchExpressions");
        for (int i = 0; i < expressions.size(); i++) {
            JsonNode e = expressions.get(i);
            String at = path + ".matchExpressions[" + i + "]";
            String operator = GoFields.text(e, "operator");
            int values = e.path("values").size();
            switch (operator) {
                case "In", "NotIn" -> {
                    if (values == 0) {
                        errors.add(FieldError.required(at + ".values",
                                "must be specified when `operator` is 'In' or 'NotIn'"));
                    }
                }
                case "Exists", "DoesNotExist" -> {
                    if (values > 0) {
                        errors.add(FieldError.forbidden(at + ".values",
                                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }
                }
                default -> errors.add(FieldError.invalid(at + ".operator", operator, "not a valid selector operator"));
            }
            String key = GoFields.text(e, "key");
            NameValidation.isQualifiedName(key).forEach(m -> errors.add(FieldError.invalid(at + ".key", key, m)));
            for (int v = 0; v < values; v++) {
                String value = e.path("values").get(v).asString("");
                String vp = at + ".values[" + v + "]";
                NameValidation.isValidLabelValue(value).forEach(m -> errors.add(FieldError.invalid(vp, value, m)));
            }
        }
        return errors;
    }

    /**
     * Whether the selector converts to a label selector: every requirement it makes is well-formed, which is what the
     * validation above checks (k/k apimachinery pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector).
     */
    static boolean convertible(JsonNode selector) {
        return validate(selector, "").isEmpty();
    }

    /** Whether the selector is set but selects by nothing ({@code {}}), which means "everything". */
    static boolean empty(JsonNode selector) {
        return GoFields.present(selector) && selector.path("matchLabels").isEmpty()
                && selector.path("matchExpressions").isEmpty();
    }

    // k/k apimachinery pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector: a missing selector matches nothing, an
    // empty one everything, otherwise every label and expression must hold.
    public static boolean matches(JsonNode selector, Map<String, String> labels) {
        if (!GoFields.present(selector)) {
            return false;
        }
        for (Map.Entry<String, String> e : GoFields.stringMap(selector, "matchLabels").entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode e : selector.path("matchExpressions")) {
            String key = GoFields.text(e, "key");
            List<String> values = new ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asString("")));
            boolean holds = switch (GoFields.text(e, "operator")) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> false;
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    /** The selector as Go's json.Marshal writes a metav1.LabelSelector: declared field order, empty fields left out. */
    public static Object badValue(JsonNode selector) {
        if (!GoFields.present(selector)) {
            return null;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        if (!selector.path("matchLabels").isEmpty()) {
            fields.put("matchLabels", selector.get("matchLabels"));
        }
        List<Object> expressions = new ArrayList<>();
        for (JsonNode e : selector.path("matchExpressions")) {
            Map<String, Object> requirement = new LinkedHashMap<>();
            requirement.put("key", GoFields.text(e, "key"));
            requirement.put("operator", GoFields.text(e, "operator"));
            if (!e.path("values").isEmpty()) {
                requirement.put("values", e.get("values"));
            }
            expressions.add(new GoStruct(requirement));
        }
        if (!expressions.isEmpty()) {
            fields.put("matchExpressions", expressions);
        }
        return new GoStruct(fields);
    }

    /** The template's labels as a bad value: the map, or null when the template has none. */
    static Object labelsValue(JsonNode template) {
        JsonNode labels = template.path("metadata").get("labels");
        return GoFields.present(labels) ? labels : null;
    }
}
