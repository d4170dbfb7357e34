package skiff.apiserver.table;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Label maps and {@code metav1.LabelSelector}s written as selector strings, such as {@code app=web,tier in (a,b)}. */
final class LabelSelectors {
    private LabelSelectors() {}

    // k/k staging/src/k8s.io/apimachinery/pkg/labels/labels.go FormatLabels: key=value pairs sorted as whole
    // strings and comma-joined; an empty map prints <none>.
    static String formatLabels(JsonNode labels) {
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, String> label : WireValues.stringMap(labels).entrySet()) {
            pairs.add(label.getKey() + "=" + label.getValue());
        }
        pairs.sort(Comparator.naturalOrder());
        return pairs.isEmpty() ? Placeholders.NONE : String.join(",", pairs);
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go FormatLabelSelector: <error> for a selector
    // that does not convert, <none> for one that prints empty (absent selects nothing, empty selects everything).
    static String formatLabelSelector(JsonNode selector) {
        return selectorString(selector).map(text -> text.isEmpty() ? Placeholders.NONE : text).orElse("<error>");
    }

    /**
     * The selector as {@code labels.Selector.String()} prints it; empty when it does not convert (unknown
     * operator, values where none are allowed or missing where some are required).
     */
    // k/k staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector and
    // staging/src/k8s.io/apimachinery/pkg/labels/selector.go: matchLabels become "=" requirements, requirements
    // are ordered by key, and In/NotIn values print sorted.
    static Optional<String> selectorString(JsonNode selector) {
        List<Requirement> requirements = new ArrayList<>();
        for (Map.Entry<String, String> label : WireValues.stringMap(selector.path("matchLabels")).entrySet()) {
            requirements.add(new Requirement(label.getKey(), "=", List.of(label.getValue())));
        }
        for (JsonNode expression : WireValues.items(selector.path("matchExpressions"))) {
            Optional<Requirement> requirement = Requirement.of(expression);
            if (requirement.isEmpty()) {
                return Optional.empty();
            }
            requirements.add(requirement.get());
        }
        requirements.sort(Comparator.comparing(Requirement::key));
        List<String> parts = new ArrayList<>();
        for (Requirement requirement : requirements) {
            parts.add(requirement.toString());
        }
        return Optional.of(String.join(",", parts));
    }

    private record Requirement(String key, String operator, List<String> values) {

        static Optional<Requirement> of(JsonNode expression) {
            String key = WireValues.string(expression.path("key"));
            List<String> values = new ArrayList<>();
            for (JsonNode value : WireValues.items(expression.path("values"))) {
                values.add(WireValues.string(value));
            }
            String operator = WireValues.string(expression.path("operator"));
            boolean valid = switch (operator) {
                case "In", "NotIn" -> !values.isEmpty();
                case "Exists", "DoesNotExist" -> values.isEmpty();
                default -> false;
            };
            return valid ? Optional.of(new Requirement(key, operator, values)) : Optional.empty();
        }

        @Override
        public String toString() {
            return switch (operator) {
                case "=" -> key + "=" + values.getFirst();
                case "In" -> key + " in " + sortedValues();
                case "NotIn" -> key + " notin " + sortedValues();
                case "DoesNotExist" -> "!" + key;
                default -> key;
            };
        }

        private String sortedValues() {
            List<String> sorted = new ArrayList<>(values);
            sorted.sort(Comparator.naturalOrder());
            return "(" + String.join(",", sorted) + ")";
        }
    }
}
