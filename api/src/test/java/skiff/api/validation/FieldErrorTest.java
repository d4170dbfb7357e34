package skiff.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;

class FieldErrorTest {

    record Case(String name, FieldError error, String fullMessage) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("b", 1);
        object.put("a", "<x>&");
        return Stream.of(
                new Case("required shows no value", FieldError.required("metadata.name", "name or generateName is required"),
                        "metadata.name: Required value: name or generateName is required"),
                new Case("required without detail is only the text", FieldError.required("metadata.namespace", ""),
                        "metadata.namespace: Required value"),
                new Case("invalid quotes a string value", FieldError.invalid("metadata.name", "Foo_bar", "bad"),
                        "metadata.name: Invalid value: \"Foo_bar\": bad"),
                new Case("invalid escapes a string value as Go's %q does",
                        FieldError.invalid("f", "a\"b\\c\n\t\u0007\u00a0é\u0001\uD83D\uDE00", ""),
                        "f: Invalid value: \"a\\\"b\\\\c\\n\\t\\a\\u00a0é\\x01\uD83D\uDE00\""),
                new Case("invalid prints a number bare", FieldError.invalid("metadata.generation", -1L, "negative"),
                        "metadata.generation: Invalid value: -1: negative"),
                new Case("invalid prints a boolean bare", FieldError.invalid("f", true, ""), "f: Invalid value: true"),
                new Case("invalid prints a double as Go's %v", FieldError.invalid("f", 1_000_000.0, ""),
                        "f: Invalid value: 1e+06"),
                new Case("invalid prints a small double plainly", FieldError.invalid("f", 0.25, ""),
                        "f: Invalid value: 0.25"),
                new Case("invalid prints a tiny double with a padded exponent", FieldError.invalid("f", 0.00001, ""),
                        "f: Invalid value: 1e-05"),
                new Case("invalid prints six digits before the point plainly", FieldError.invalid("f", 123456.0, ""),
                        "f: Invalid value: 123456"),
                new Case("doubles inside JSON follow encoding/json", FieldError.invalid("f", List.of(1e-7, 1e21, 1e20, 2.5), ""),
                        "f: Invalid value: [1e-7,1e+21,100000000000000000000,2.5]"),
                new Case("invalid prints null as null", FieldError.invalid("values", null, "empty"),
                        "values: Invalid value: null: empty"),
                new Case("invalid prints a list as compact JSON", FieldError.invalid("values", List.of("a", "b"), "x"),
                        "values: Invalid value: [\"a\",\"b\"]: x"),
                new Case("invalid prints a map as JSON with sorted keys and HTML escapes",
                        FieldError.invalid("f", object, ""), "f: Invalid value: {\"a\":\"\\u003cx\\u003e\\u0026\",\"b\":1}"),
                new Case("invalid prints a JSON tree as JSON", FieldError.invalid("f", Json.tree(Map.of("k", List.of(1, "v"))), ""),
                        "f: Invalid value: {\"k\":[1,\"v\"]}"),
                new Case("invalid prints a Go struct's fields in declaration order",
                        FieldError.invalid("spec.selector", new GoStruct(struct()), "field is immutable"),
                        "spec.selector: Invalid value: {\"matchLabels\":{\"a\":\"1\",\"b\":\"2\"},"
                                + "\"matchExpressions\":[]}: field is immutable"),
                new Case("type invalid reads as an invalid value", FieldError.typeInvalid("f", "number", "must be of type string"),
                        "f: Invalid value: \"number\": must be of type string"),
                new Case("duplicate shows the value", FieldError.duplicate("spec.ports[1].name", "http"),
                        "spec.ports[1].name: Duplicate value: \"http\""),
                new Case("not found shows the value", FieldError.notFound("spec.volumes[0]", "data"),
                        "spec.volumes[0]: Not found: \"data\""),
                new Case("not supported lists the quoted choices",
                        FieldError.notSupported("spec.restartPolicy", "Sometimes", List.of("Always", "Never")),
                        "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"Never\""),
                new Case("forbidden shows no value", FieldError.forbidden("metadata.namespace", "not allowed on this type"),
                        "metadata.namespace: Forbidden: not allowed on this type"),
                new Case("too long gives the limit in bytes", FieldError.tooLong("metadata.annotations", 262144),
                        "metadata.annotations: Too long: may not be more than 262144 bytes"),
                new Case("too long says byte for a limit of one", FieldError.tooLong("f", 1),
                        "f: Too long: may not be more than 1 byte"),
                new Case("too many shows the count and the limit", FieldError.tooMany("spec.items", 5, 3),
                        "spec.items: Too many: 5: must have at most 3 items"),
                new Case("too many leaves out an unknown count", FieldError.tooMany("spec.items", -1, 1),
                        "spec.items: Too many: must have at most 1 item"),
                new Case("internal error shows only the detail", FieldError.internal("metadata.name", "boom"),
                        "metadata.name: Internal error: boom"));
    }

    /** A struct whose fields are not in alphabetical order, with a map inside (whose keys Go sorts). */
    private static Map<String, Object> struct() {
        Map<String, Object> fields = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("b", "2");
        labels.put("a", "1");
        fields.put("matchLabels", labels);
        fields.put("matchExpressions", List.of());
        return fields;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersMessagesAsKubernetesErrorBodyDoes(Case c) {
        assertThat(c.error().fullMessage()).isEqualTo(c.fullMessage());
        assertThat(c.error().message()).isEqualTo(c.fullMessage().substring(c.error().field().length() + 2));
    }

    @Test
    void eachTypeCarriesKubernetesReasonAndText() {
        assertThat(Stream.of(FieldError.Type.values()).map(t -> t.reason() + "=" + t.text())).containsExactly(
                "FieldValueNotFound=Not found",
                "FieldValueRequired=Required value",
                "FieldValueDuplicate=Duplicate value",
                "FieldValueInvalid=Invalid value",
                "FieldValueNotSupported=Unsupported value",
                "FieldValueForbidden=Forbidden",
                "FieldValueTooLong=Too long",
                "FieldValueTooMany=Too many",
                "InternalError=Internal error",
                "FieldValueTypeInvalid=Invalid value");
    }

    @Test
    void requiredAndForbiddenCarryAnEmptyStringAsBadValue() {
        assertThat(FieldError.required("f", "d").badValue()).isEqualTo("");
        assertThat(FieldError.forbidden("f", "d").badValue()).isEqualTo("");
    }
}
