package skiff.api.selector;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads field selector syntax: comma-separated terms {@code field=value}, {@code field==value} or
 * {@code field!=value}. Nothing is trimmed; a backslash escapes a comma inside a value.
 */
// k/k staging/src/k8s.io/apimachinery/pkg/fields/selector.go parseSelector: split on unescaped commas, sort the terms, split each at its first operator.
final class FieldSelectorParser {
    private static final List<String> OPERATORS = List.of("!=", "==", "=");

    private FieldSelectorParser() {}

    static List<FieldSelector.Requirement> parse(String selector) {
        List<String> terms = terms(selector);
        terms.sort(GoStringOrder.INSTANCE);
        List<FieldSelector.Requirement> requirements = new ArrayList<>();
        for (String term : terms) {
            if (term.isEmpty()) {
                continue;
            }
            FieldSelector.Requirement requirement = requirement(selector, term);
            // k/k staging/src/k8s.io/apimachinery/pkg/fields/selector.go hasTerm.Transform: a term with empty field and value selects everything.
            if (!requirement.field().isEmpty() || !requirement.value().isEmpty()) {
                requirements.add(requirement);
            }
        }
        return requirements;
    }

    private static List<String> terms(String selector) {
        List<String> terms = new ArrayList<>();
        if (selector.isEmpty()) {
            return terms;
        }
        int start = 0;
        boolean escaped = false;
        for (int i = 0; i < selector.length(); i++) {
            char ch = selector.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (ch == '\\') {
                escaped = true;
            } else if (ch == ',') {
                terms.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(selector.substring(start));
        return terms;
    }

    private static FieldSelector.Requirement requirement(String selector, String term) {
        for (int i = 0; i < term.length(); i++) {
            for (String operator : OPERATORS) {
                if (term.startsWith(operator, i)) {
                    String value = FieldSelectorValue.unescape(term.substring(i + operator.length()));
                    FieldSelector.Operator op = operator.equals("!=")
                            ? FieldSelector.Operator.NOT_EQUALS : FieldSelector.Operator.EQUALS;
                    return new FieldSelector.Requirement(term.substring(0, i), op, value);
                }
            }
        }
        throw new SelectorParseException("invalid selector: '" + selector + "'; can't understand '" + term + "'");
    }
}
