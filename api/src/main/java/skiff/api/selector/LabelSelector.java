package skiff.api.selector;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import skiff.api.validation.GoQuotedString;

/**
 * An immutable label selector: requirements sorted by key that must all hold. Built from selector syntax
 * ({@link #parse}), from a {@code metav1.LabelSelector} ({@link #fromFabric8}) or from an equality map
 * ({@link #fromMap}).
 *
 * <p>{@link #everything()} has no requirements and matches every label set. {@link #nothing()} matches none; it is
 * what a missing (null) {@code metav1.LabelSelector} means, while an empty one means everything.
 */
public final class LabelSelector {
    private static final Comparator<LabelRequirement> BY_KEY =
            (a, b) -> GoStringOrder.INSTANCE.compare(a.key(), b.key());
    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), true);
    private static final LabelSelector NOTHING = new LabelSelector(List.of(), false);

    private final List<LabelRequirement> requirements;
    private final boolean selectable;

    private LabelSelector(List<LabelRequirement> requirements, boolean selectable) {
        this.requirements = List.copyOf(requirements);
        this.selectable = selectable;
    }

    /** The selector with no requirements, which matches every label set. */
    public static LabelSelector everything() {
        return EVERYTHING;
    }

    /** The selector that matches no label set. */
    public static LabelSelector nothing() {
        return NOTHING;
    }

    /**
     * Parses selector syntax such as {@code app=web,tier in (front,back),!canary}. The empty string (or only
     * whitespace) selects everything.
     *
     * @throws SelectorParseException with Kubernetes' message, e.g. {@code unable to parse requirement: ...}
     */
    // k/k staging/src/k8s.io/apimachinery/pkg/labels/selector.go Parse: requirements come back sorted by key.
    public static LabelSelector parse(String selector) {
        return new LabelSelector(LabelSelectorParser.parse(selector), true);
    }

    /**
     * Converts an API label selector: each matchLabels entry becomes an equality, each matchExpression an
     * {@code In}, {@code NotIn}, {@code Exists} or {@code DoesNotExist} requirement. A null selector selects nothing;
     * one with neither matchLabels nor matchExpressions selects everything.
     *
     * @throws SelectorParseException for an unknown operator, a missing value for In/NotIn, or an invalid key or value
     */
    // k/k staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector: nil is nothing, empty is everything.
    public static LabelSelector fromFabric8(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        if (selector == null) {
            return NOTHING;
        }
        Map<String, String> matchLabels = Objects.requireNonNullElse(selector.getMatchLabels(), Map.of());
        List<LabelSelectorRequirement> expressions =
                Objects.requireNonNullElse(selector.getMatchExpressions(), List.of());
        if (matchLabels.isEmpty() && expressions.isEmpty()) {
            return EVERYTHING;
        }
        List<LabelRequirement> requirements = new ArrayList<>();
        matchLabels.forEach((key, value) -> requirements.add(
                LabelRequirement.of(key, LabelOperator.EQUALS, List.of(Objects.requireNonNullElse(value, "")))));
        for (LabelSelectorRequirement expression : expressions) {
            requirements.add(LabelRequirement.of(Objects.requireNonNullElse(expression.getKey(), ""),
                    expressionOperator(expression.getOperator()), expressionValues(expression.getValues())));
        }
        requirements.sort(BY_KEY);
        return new LabelSelector(requirements, true);
    }

    /**
     * An equality selector matching exactly the given labels, as a ReplicationController's selector does. Keys and
     * values are taken as valid; a null or empty map selects everything.
     */
    // k/k staging/src/k8s.io/apimachinery/pkg/labels/selector.go SelectorFromValidatedSet: one unchecked equality per entry.
    public static LabelSelector fromMap(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return EVERYTHING;
        }
        List<LabelRequirement> requirements = new ArrayList<>();
        labels.forEach((key, value) -> requirements.add(
                new LabelRequirement(key, LabelOperator.EQUALS, List.of(Objects.requireNonNullElse(value, "")))));
        requirements.sort(BY_KEY);
        return new LabelSelector(requirements, true);
    }

    private static LabelOperator expressionOperator(String operator) {
        String name = Objects.requireNonNullElse(operator, "");
        return switch (name) {
            case "In" -> LabelOperator.IN;
            case "NotIn" -> LabelOperator.NOT_IN;
            case "Exists" -> LabelOperator.EXISTS;
            case "DoesNotExist" -> LabelOperator.DOES_NOT_EXIST;
            default -> throw new SelectorParseException(
                    GoQuotedString.of(name) + " is not a valid label selector operator");
        };
    }

    private static List<String> expressionValues(List<String> values) {
        return values == null ? List.of()
                : values.stream().map(v -> Objects.requireNonNullElse(v, "")).toList();
    }

    /** Whether every requirement holds for {@code labels}; null labels count as no labels. */
    public boolean matches(Map<String, String> labels) {
        if (!selectable) {
            return false;
        }
        for (LabelRequirement requirement : requirements) {
            if (!requirement.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Whether this selector restricts nothing. {@link #nothing()} is not everything. */
    public boolean isEverything() {
        return selectable && requirements.isEmpty();
    }

    /** Whether this is {@link #nothing()}. */
    public boolean isNothing() {
        return !selectable;
    }

    /** The requirements, sorted by key. */
    public List<LabelRequirement> requirements() {
        return requirements;
    }

    /**
     * The one value this selector demands for {@code key}, when its first requirement on that key is an equality or
     * an {@code in} with a single value.
     */
    // k/k staging/src/k8s.io/apimachinery/pkg/labels/selector.go internalSelector.RequiresExactMatch: only the first requirement on the key counts.
    public Optional<String> exactValue(String key) {
        for (LabelRequirement requirement : requirements) {
            if (requirement.key().equals(key)) {
                boolean exact = switch (requirement.operator()) {
                    case EQUALS, DOUBLE_EQUALS, IN -> requirement.values().size() == 1;
                    default -> false;
                };
                return exact ? Optional.of(requirement.values().getFirst()) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Kubernetes' canonical form: requirements sorted by key, joined by commas, no spaces but around in/notin. */
    @Override
    public String toString() {
        return requirements.stream().map(LabelRequirement::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LabelSelector that
                && selectable == that.selectable && requirements.equals(that.requirements);
    }

    @Override
    public int hashCode() {
        return Objects.hash(requirements, selectable);
    }
}
