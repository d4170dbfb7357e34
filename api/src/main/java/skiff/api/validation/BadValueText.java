package skiff.api.validation;

/** The bad value of a {@link FieldError} as its message shows it. */
final class BadValueText {

    private BadValueText() {}

    // k/k staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go Error.ErrorBody: strings quoted, simple numbers and booleans bare, the rest as JSON.
    static String of(Object value) {
        return switch (value) {
            case String s -> GoQuotedString.of(s);
            case StringerValue s -> s.text();
            case Boolean b -> b.toString();
            case Long n -> n.toString();
            case Integer n -> n.toString();
            case Short n -> n.toString();
            case Byte n -> n.toString();
            case Double d -> GoFloatText.verb(d, false);
            case Float f -> GoFloatText.verb(f, true);
            case null, default -> GoJson.of(value);
        };
    }
}
