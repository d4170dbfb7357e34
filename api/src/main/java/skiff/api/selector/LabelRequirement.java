package skiff.api.selector;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameValidation;

/**
 * One condition of a label selector: a key, an operator and its values. The constructor takes the parts as they
 * are; {@link #of} checks them first, as Kubernetes' {@code NewRequirement} does.
 */
public record LabelRequirement(String key, LabelOperator operator, List<String> values) {
    private static final Pattern GO_INT = Pattern.compile("[+-]?[0-9]+");

    public LabelRequirement {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operator, "operator");
        values = List.copyOf(values);
    }

    /**
     * A checked requirement: a valid key, the number of values the operator needs, integers for {@code gt} and
     * {@code lt}, and valid label values.
     *
     * @throws SelectorParseException with Kubernetes' message, listing every problem
     */
    public static LabelRequirement of(String key, LabelOperator operator, List<String> values) {
        List<FieldError> errors = problems(key, operator, values);
        if (!errors.isEmpty()) {
            throw new SelectorParseException(aggregateMessage(errors));
        }
        return new LabelRequirement(key, operator, values);
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/labels/selector.go NewRequirement: key, then value count per operator, then each value.
    static List<FieldError> problems(String key, LabelOperator operator, List<String> values) {
        List<FieldError> errors = new ArrayList<>();
        List<String> keyProblems = NameValidation.isQualifiedName(key);
        if (!keyProblems.isEmpty()) {
            errors.add(FieldError.invalid("key", key, String.join("; ", keyProblems)));
        }
        Object shownValues = values.isEmpty() ? null : values;
        switch (operator) {
            case IN, NOT_IN -> {
                if (values.isEmpty()) {
                    errors.add(FieldError.invalid("values", shownValues,
                            "for 'in', 'notin' operators, values set can't be empty"));
                }
            }
            case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
                if (values.size() != 1) {
                    errors.add(FieldError.invalid("values", shownValues,
                            "exact-match compatibility requires one single value"));
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!values.isEmpty()) {
                    errors.add(FieldError.invalid("values", shownValues,
                            "values set must be empty for exists and does not exist"));
                }
            }
            case GREATER_THAN, LESS_THAN -> {
                if (values.size() != 1) {
                    errors.add(FieldError.invalid("values", shownValues,
                            "for 'Gt', 'Lt' operators, exactly one value is required"));
                }
                for (int i = 0; i < values.size(); i++) {
                    if (parseInteger(values.get(i)).isEmpty()) {
                        errors.add(FieldError.invalid("values[" + i + "]", values.get(i),
                                "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }
            }
        }
        for (int i = 0; i < values.size(); i++) {
            List<String> valueProblems = NameValidation.isValidLabelValue(values.get(i));
            if (!valueProblems.isEmpty()) {
                errors.add(FieldError.invalid("values[" + i + "][" + key + "]", values.get(i),
                        String.join("; ", valueProblems)));
            }
        }
        return errors;
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/util/errors/errors.go aggregate.Error: one message alone, several deduplicated in brackets.
    static String aggregateMessage(List<FieldError> errors) {
        Set<String> messages = new LinkedHashSet<>();
        errors.forEach(error -> messages.add(error.fullMessage()));
        return messages.size() == 1 ? messages.iterator().next() : "[" + String.join(", ", messages) + "]";
    }

    /** Whether the labels satisfy this requirement; null labels count as no labels. */
    // k/k staging/src/k8s.io/apimachinery/pkg/labels/selector.go Requirement.Matches: != and notin also match when the key is absent.
    public boolean matches(Map<String, String> labels) {
        Map<String, String> present = labels == null ? Map.of() : labels;
        boolean has = present.containsKey(key);
        String value = has ? Objects.requireNonNullElse(present.get(key), "") : null;
        return switch (operator) {
            case IN, EQUALS, DOUBLE_EQUALS -> has && values.contains(value);
            case NOT_IN, NOT_EQUALS -> !has || !values.contains(value);
            case EXISTS -> has;
            case DOES_NOT_EXIST -> !has;
            case GREATER_THAN, LESS_THAN -> has && compares(value);
        };
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/labels/selector.go Requirement.Matches: gt and lt need both sides to be 64-bit integers.
    private boolean compares(String labelValue) {
        OptionalLong actual = parseInteger(labelValue);
        if (actual.isEmpty() || values.size() != 1) {
            return false;
        }
        OptionalLong bound = parseInteger(values.getFirst());
        if (bound.isEmpty()) {
            return false;
        }
        return operator == LabelOperator.GREATER_THAN
                ? actual.getAsLong() > bound.getAsLong()
                : actual.getAsLong() < bound.getAsLong();
    }

    /** Go's strconv.ParseInt(s, 10, 64): an optional sign, ASCII digits, within 64 bits. */
    private static OptionalLong parseInteger(String text) {
        if (!GO_INT.matcher(text).matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException outOfRange) {
            return OptionalLong.empty();
        }
    }

    /** The requirement in selector syntax: {@code k=v}, {@code k!=v}, {@code k in (a,b)}, {@code !k}, {@code k>1}. */
    // k/k staging/src/k8s.io/apimachinery/pkg/labels/selector.go Requirement.String: several values print sorted.
    @Override
    public String toString() {
        String printedValues = values.size() == 1 ? values.getFirst()
                : String.join(",", values.stream().sorted(GoStringOrder.INSTANCE).toList());
        return switch (operator) {
            case EXISTS -> key;
            case DOES_NOT_EXIST -> "!" + key;
            case EQUALS -> key + "=" + printedValues;
            case DOUBLE_EQUALS -> key + "==" + printedValues;
            case NOT_EQUALS -> key + "!=" + printedValues;
            case GREATER_THAN -> key + ">" + printedValues;
            case LESS_THAN -> key + "<" + printedValues;
            case IN -> key + " in (" + printedValues + ")";
            case NOT_IN -> key + " notin (" + printedValues + ")";
        };
    }
}
