package skiff.apiserver.apiextensions;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import skiff.api.validation.FieldError;
import tools.jackson.databind.JsonNode;

/**
 * Validates a custom object against its structural schema with the messages of kube-openapi's validator and the
 * field errors Kubernetes turns them into (k/k 1.32 apiextensions-apiserver pkg/apiserver/validation/validation.go
 * kubeOpenAPIResultToFieldErrors; k8s.io/kube-openapi pkg/validation/errors/schema.go for the texts). Paths are
 * dotted, with list indices in brackets ({@code spec.ports[0].port}).
 */
public final class SchemaValidator {
    private final List<FieldError> errors = new ArrayList<>();

    private SchemaValidator() {}

    /** The errors of {@code value} at {@code path} ("" for a whole object). */
    public static List<FieldError> validate(StructuralSchema schema, JsonNode value, String path) {
        SchemaValidator v = new SchemaValidator();
        v.value(schema, value, null, path);
        return List.copyOf(v.errors);
    }

    /**
     * The errors of an update from {@code old} to {@code value}, ratcheted (feature CRDValidationRatcheting, on by
     * default since 1.30; k/k 1.32 apiextensions-apiserver pkg/apiserver/validation/ratcheting.go): the errors
     * found at or below a value that equals the old value it correlates with are dropped, so an object that was
     * valid under an older schema can still be updated elsewhere. Old values correlate by property name, by the
     * keys of a list of type map and by index in a list without a list type; set and atomic lists correlate none.
     */
    public static List<FieldError> validateUpdate(StructuralSchema schema, JsonNode value, JsonNode old,
            String path) {
        SchemaValidator v = new SchemaValidator();
        v.value(schema, value, old, path);
        return List.copyOf(v.errors);
    }

    // old: the correlated old value, or null when there is none.
    private void value(StructuralSchema s, JsonNode value, JsonNode old, String path) {
        int before = errors.size();
        check(s, value, old, path);
        if (old != null && errors.size() > before && JsonKinds.equal(old, value)) {
            errors.subList(before, errors.size()).clear();
        }
    }

    private void check(StructuralSchema s, JsonNode value, JsonNode old, String path) {
        if (value.isNull()) {
            if (!s.nullable() && !s.type().isEmpty()) {
                errors.add(FieldError.typeInvalid(path, "null", message(path, "must be of type " + s.type()
                        + ": \"null\"")));
            }
            return;
        }
        String kind = JsonKinds.of(value);
        if (s.intOrString()) {
            if (!kind.equals("integer") && !kind.equals("string")) {
                errors.add(FieldError.typeInvalid(path, kind, message(path, "must be of type integer,string: \""
                        + kind + "\"")));
                return;
            }
        } else if (!s.type().isEmpty() && !matches(s.type(), kind)) {
            errors.add(FieldError.typeInvalid(path, kind, message(path, "must be of type " + s.type() + ": \""
                    + kind + "\"")));
            return;
        }
        if (!s.enumValues().isEmpty() && s.enumValues().stream().noneMatch(e -> JsonKinds.equal(e, value))) {
            errors.add(FieldError.notSupported(path, JsonKinds.plain(value),
                    s.enumValues().stream().map(e -> e.isString() ? e.asString() : e.toString()).toList()));
        }
        switch (kind) {
            case "integer", "number" -> number(s, value, path);
            case "string" -> string(s, value.asString(), path);
            case "array" -> array(s, value, old, path);
            case "object" -> object(s, value, old, path);
            default -> { }
        }
    }

    private static boolean matches(String type, String kind) {
        return type.equals(kind) || (type.equals("number") && kind.equals("integer"));
    }

    private void number(StructuralSchema s, JsonNode value, String path) {
        double d = value.asDouble();
        Object bad = JsonKinds.plain(value);
        if (s.maximum() != null && (s.exclusiveMaximum() ? d >= s.maximum() : d > s.maximum())) {
            errors.add(FieldError.invalid(path, bad, message(path, (s.exclusiveMaximum() ? "should be less than "
                    : "should be less than or equal to ") + GoNumber.of(s.maximum()))));
        }
        if (s.minimum() != null && (s.exclusiveMinimum() ? d <= s.minimum() : d < s.minimum())) {
            errors.add(FieldError.invalid(path, bad, message(path, (s.exclusiveMinimum() ? "should be greater than "
                    : "should be greater than or equal to ") + GoNumber.of(s.minimum()))));
        }
    }

    private void string(StructuralSchema s, String text, String path) {
        long length = text.codePointCount(0, text.length());
        if (s.maxLength() != null && length > s.maxLength()) {
            errors.add(FieldError.tooLong(path, s.maxLength().intValue()));
        }
        if (s.minLength() != null && length < s.minLength()) {
            errors.add(FieldError.invalid(path, text, message(path, "should be at least " + s.minLength()
                    + " chars long")));
        }
        if (s.pattern() != null && !s.pattern().matcher(text).find()) {
            errors.add(FieldError.invalid(path, text, message(path, "should match '" + s.patternSource() + "'")));
        }
        if (!s.format().isEmpty() && !StringFormats.valid(s.format(), text)) {
            errors.add(FieldError.typeInvalid(path, text, message(path, "must be of type " + s.format() + ": \""
                    + text + "\"")));
        }
    }

    private void array(StructuralSchema s, JsonNode items, JsonNode old, String path) {
        if (s.maxItems() != null && items.size() > s.maxItems()) {
            errors.add(FieldError.tooMany(path, items.size(), s.maxItems().intValue()));
        }
        if (s.minItems() != null && items.size() < s.minItems()) {
            errors.add(FieldError.invalid(path, items.size(), message(path, "should have at least " + s.minItems()
                    + " items")));
        }
        if (s.items() != null) {
            ListCorrelation correlation = ListCorrelation.of(s, old);
            for (int i = 0; i < items.size(); i++) {
                value(s.items(), items.get(i), correlation.old(items.get(i), i), path + "[" + i + "]");
            }
        }
    }

    private void object(StructuralSchema s, JsonNode object, JsonNode old, String path) {
        if (s.maxProperties() != null && object.size() > s.maxProperties()) {
            errors.add(FieldError.tooMany(path, object.size(), s.maxProperties().intValue()));
        }
        if (s.minProperties() != null && object.size() < s.minProperties()) {
            errors.add(FieldError.invalid(path, object.size(), message(path, "should have at least "
                    + s.minProperties() + " properties")));
        }
        for (String name : s.required()) {
            if (!object.has(name)) {
                errors.add(FieldError.required(child(path, name), ""));
            }
        }
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            StructuralSchema child = s.properties().get(e.getKey());
            if (child == null) {
                child = s.additionalProperties();
            }
            if (child != null) {
                JsonNode oldChild = old == null || !old.isObject() ? null : old.get(e.getKey());
                value(child, e.getValue(), oldChild, child(path, e.getKey()));
            }
        }
    }

    static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    // kube-openapi names the value "<path> in body", or just "body" for the root.
    private static String message(String path, String rest) {
        return (path.isEmpty() ? "body" : path + " in body") + " " + rest;
    }

    /** Numbers as Go's %v prints a float64: shortest form, exponent outside [-4, 21). */
    static final class GoNumber {
        private GoNumber() {}

        static String of(double d) {
            BigDecimal b = BigDecimal.valueOf(d).stripTrailingZeros();
            int exponent = b.precision() - b.scale() - 1;
            if (exponent < -4 || exponent >= 21) {
                return Double.toString(d).replace("E", "e+").replace("e+-", "e-");
            }
            return b.toPlainString();
        }
    }
}
