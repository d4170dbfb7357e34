package skiff.api.validation;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One problem with one field of an API object, as the API server reports it in the causes of an Invalid
 * {@code Status}. {@code field} is the path of the field ({@code metadata.labels}, {@code spec.containers[0].image});
 * {@code badValue} is the offending value, rendered into {@link #message()} the way Kubernetes renders it.
 *
 * <p>Validation returns these as values and never throws.
 */
public record FieldError(Type type, String field, Object badValue, String detail) {

    /** Stands in for a value the message must not repeat, as Kubernetes' omitted value does. */
    private enum Omitted {
        VALUE;

        @Override
        public String toString() {
            return "<value omitted>";
        }
    }

    public FieldError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(field, "field");
        detail = detail == null ? "" : detail;
    }

    /**
     * The error types of field errors: {@link #reason()} is the machine-readable reason of a Status cause,
     * {@link #text()} the words that open the message.
     */
    // k/k staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go ErrorType.String: one reason and one text per type.
    public enum Type {
        NOT_FOUND("FieldValueNotFound", "Not found", true),
        REQUIRED("FieldValueRequired", "Required value", false),
        DUPLICATE("FieldValueDuplicate", "Duplicate value", true),
        INVALID("FieldValueInvalid", "Invalid value", true),
        NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value", true),
        FORBIDDEN("FieldValueForbidden", "Forbidden", false),
        TOO_LONG("FieldValueTooLong", "Too long", false),
        TOO_MANY("FieldValueTooMany", "Too many", true),
        INTERNAL("InternalError", "Internal error", false),
        TYPE_INVALID("FieldValueTypeInvalid", "Invalid value", true);

        private final String reason;
        private final String text;
        private final boolean showsValue;

        Type(String reason, String text, boolean showsValue) {
            this.reason = reason;
            this.text = text;
            this.showsValue = showsValue;
        }

        /** The reason of a Status cause, such as {@code FieldValueInvalid}. */
        public String reason() {
            return reason;
        }

        /** The display text, such as {@code Invalid value}. */
        public String text() {
            return text;
        }

        /** Whether the message repeats the bad value after the text. */
        boolean showsValue() {
            return showsValue;
        }
    }

    public static FieldError required(String field, String detail) {
        return new FieldError(Type.REQUIRED, field, "", detail);
    }

    public static FieldError invalid(String field, Object value, String detail) {
        return new FieldError(Type.INVALID, field, value, detail);
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go Invalid with OmitValueType: no value shown.
    public static FieldError invalidOmittingValue(String field, String detail) {
        return new FieldError(Type.INVALID, field, Omitted.VALUE, detail);
    }

    public static FieldError typeInvalid(String field, Object value, String detail) {
        return new FieldError(Type.TYPE_INVALID, field, value, detail);
    }

    public static FieldError duplicate(String field, Object value) {
        return new FieldError(Type.DUPLICATE, field, value, "");
    }

    public static FieldError notFound(String field, Object value) {
        return new FieldError(Type.NOT_FOUND, field, value, "");
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go NotSupported: the detail lists the quoted choices.
    public static FieldError notSupported(String field, Object value, List<String> supportedValues) {
        String detail = supportedValues.isEmpty() ? "" : supportedValues.stream()
                .map(GoQuotedString::of)
                .collect(Collectors.joining(", ", "supported values: ", ""));
        return new FieldError(Type.NOT_SUPPORTED, field, value, detail);
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError(Type.FORBIDDEN, field, "", detail);
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go TooLong: the value is never repeated, the limit is in bytes.
    public static FieldError tooLong(String field, int maxBytes) {
        String detail = maxBytes < 0 ? "value is too long"
                : "may not be more than " + maxBytes + (maxBytes == 1 ? " byte" : " bytes");
        return new FieldError(Type.TOO_LONG, field, Omitted.VALUE, detail);
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go TooMany: a negative count is left out of the message.
    public static FieldError tooMany(String field, int actualCount, int maxCount) {
        String detail = maxCount < 0 ? "has too many items"
                : "must have at most " + maxCount + (maxCount == 1 ? " item" : " items");
        return new FieldError(Type.TOO_MANY, field, actualCount < 0 ? Omitted.VALUE : actualCount, detail);
    }

    public static FieldError internal(String field, String detail) {
        return new FieldError(Type.INTERNAL, field, null, detail);
    }

    /**
     * The message without the field, as a Status cause carries it: {@code Invalid value: "Foo_bar": a lowercase ...}
     * or {@code Required value: name or generateName is required}.
     */
    // k/k staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go Error.ErrorBody: text, then the value if the type shows it, then the detail.
    public String message() {
        StringBuilder body = new StringBuilder(type.text());
        if (type.showsValue() && badValue != Omitted.VALUE) {
            body.append(": ").append(BadValueText.of(badValue));
        }
        if (!detail.isEmpty()) {
            body.append(": ").append(detail);
        }
        return body.toString();
    }

    /** The message with the field in front: {@code metadata.name: Invalid value: ...}. */
    public String fullMessage() {
        return field + ": " + message();
    }

    @Override
    public String toString() {
        return fullMessage();
    }
}
