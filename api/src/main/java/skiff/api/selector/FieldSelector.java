package skiff.api.selector;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An immutable field selector: {@code field=value} and {@code field!=value} terms that must all hold, such as
 * {@code metadata.name=web,status.phase!=Running}. Field names are not checked here; each resource knows its own.
 */
public final class FieldSelector {
    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    /** How a term compares the field with its value; {@code ==} reads as {@link #EQUALS}. */
    public enum Operator {
        EQUALS("="),
        NOT_EQUALS("!=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** One term: the field, how it compares, and the unescaped value. */
    public record Requirement(String field, Operator op, String value) {
        public Requirement {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(value, "value");
        }

        /** The term in selector syntax, its value escaped. */
        @Override
        public String toString() {
            return field + op.symbol() + FieldSelectorValue.escape(value);
        }
    }

    private final List<Requirement> requirements;

    private FieldSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    /** The selector with no terms, which matches every object. */
    public static FieldSelector everything() {
        return EVERYTHING;
    }

    /**
     * Parses field selector syntax. Terms are kept in sorted order; the empty string selects everything.
     *
     * @throws SelectorParseException with Kubernetes' message, e.g. {@code invalid selector: 'a'; can't understand 'a'}
     */
    public static FieldSelector parse(String selector) {
        List<Requirement> requirements = FieldSelectorParser.parse(selector);
        return requirements.isEmpty() ? EVERYTHING : new FieldSelector(requirements);
    }

    /** The terms, in the order the selector prints them. */
    public List<Requirement> requirements() {
        return requirements;
    }

    /**
     * Whether every term holds. {@code fieldValues} gives the object's value for a field name; null counts as the
     * empty string, so {@code f!=x} matches an object without {@code f}.
     */
    // k/k staging/src/k8s.io/apimachinery/pkg/fields/selector.go hasTerm.Matches: a missing field reads as "".
    public boolean matches(Function<String, String> fieldValues) {
        for (Requirement requirement : requirements) {
            String actual = Objects.requireNonNullElse(fieldValues.apply(requirement.field()), "");
            boolean equal = actual.equals(requirement.value());
            if (equal != (requirement.op() == Operator.EQUALS)) {
                return false;
            }
        }
        return true;
    }

    /** The value a {@code field=value} term demands, the first one if several do; used to narrow lookups. */
    // k/k staging/src/k8s.io/apimachinery/pkg/fields/selector.go andTerm.RequiresExactMatch: only equality terms count.
    public Optional<String> exactValue(String field) {
        return requirements.stream()
                .filter(r -> r.op() == Operator.EQUALS && r.field().equals(field))
                .map(Requirement::value)
                .findFirst();
    }

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    /** The selector in Kubernetes' form: terms joined by commas, values escaped, {@code ==} written as {@code =}. */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FieldSelector that && requirements.equals(that.requirements);
    }

    @Override
    public int hashCode() {
        return requirements.hashCode();
    }
}
