package skiff.apiserver.apiextensions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import tools.jackson.databind.JsonNode;

/**
 * CRD validation ratcheting on update (k/k 1.32 apiextensions-apiserver pkg/apiserver/validation/ratcheting.go and
 * schema/cel/validation.go): errors on values the update leaves as they were are not refused.
 */
class ValidationRatchetingTest {
    private static final StructuralSchema SCHEMA = StructuralSchema.of(json("""
            {"type": "object", "properties": {"spec": {"type": "object", "required": ["size"], "properties": {
              "size": {"type": "integer"},
              "name": {"type": "string", "maxLength": 5},
              "tags": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]+$"}},
              "set": {"type": "array", "x-kubernetes-list-type": "set",
                      "items": {"type": "string", "pattern": "^[a-z]+$"}},
              "ports": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                        "items": {"type": "object", "required": ["name"], "properties": {
                          "name": {"type": "string"}, "port": {"type": "integer", "minimum": 1}}}},
              "mode": {"type": "string", "x-kubernetes-validations": [{"rule": "self != 'legacy'"}]},
              "words": {"type": "array", "items": {"type": "string",
                        "x-kubernetes-validations": [{"rule": "self.size() < 4", "message": "too long a word"}]}},
              "level": {"type": "integer", "x-kubernetes-validations": [
                {"rule": "oldSelf < 5 || self < 5", "message": "level must drop below 5"}]}}}}}
            """));
    private static final Optional<CelValidator> RULES = CelValidator.of(SCHEMA);

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"size": 1, "name": "toolong"}          | {"size": 2, "name": "toolong"}           |
            {"size": 1, "name": "toolong"}          | {"size": 1, "name": "toolong2"}          | spec.name: Too long: may not be more than 5 bytes
            {"size": 1, "name": "abc"}              | {"size": 1, "name": "toolong"}           | spec.name: Too long: may not be more than 5 bytes
            {"size": 1, "tags": ["ok", "BAD"]}      | {"size": 1, "tags": ["ok", "BAD", "x"]}  |
            {"size": 1, "tags": ["ok", "BAD"]}      | {"size": 1, "tags": ["BAD", "ok"]}       | spec.tags[0]: Invalid value: "BAD": spec.tags[0] in body should match '^[a-z]+$'
            {"size": 1, "set": ["BAD"]}             | {"size": 1, "set": ["BAD", "a"]}         | spec.set[0]: Invalid value: "BAD": spec.set[0] in body should match '^[a-z]+$'
            {"size": 1, "set": ["BAD"]}             | {"size": 2, "set": ["BAD"]}              |
            {"size": 1, "ports": [{"name": "a", "port": 0}]} | {"size": 1, "ports": [{"name": "b", "port": 1}, {"name": "a", "port": 0}]} |
            {"size": 1, "ports": [{"name": "a", "port": 0}]} | {"size": 1, "ports": [{"name": "a", "port": -1}]} | spec.ports[0].port: Invalid value: -1: spec.ports[0].port in body should be greater than or equal to 1
            {"name": "x"}                           | {"name": "y"}                            | spec.size: Required value
            {"name": "x"}                           | {"name": "x", "mode": "a"}               | spec.size: Required value
            {"mode": "legacy", "size": 1}           | {"mode": "legacy", "size": 2}            |
            {"mode": "new", "size": 1}              | {"mode": "legacy", "size": 1}            | spec.mode: Invalid value: "string": failed rule: self != 'legacy'
            {"words": ["long"], "size": 1}          | {"words": ["long"], "size": 2}           |
            {"words": ["long"], "size": 1}          | {"words": ["long", "a"], "size": 1}      | spec.words[0]: Invalid value: "string": too long a word
            {"level": 7, "size": 1}                 | {"level": 7, "size": 2}                  | spec.level: Invalid value: "integer": level must drop below 5
            """)
    void updatesRatchet(String old, String updated, String expected) {
        List<String> warnings = new ArrayList<>();
        List<FieldError> errors = CustomResourceValidation.validate(SCHEMA, RULES, object(updated), object(old),
                warnings::add);
        assertThat(errors).extracting(FieldError::toString)
                .containsExactlyElementsOf(expected == null ? List.of() : List.of(expected));
    }

    @Test
    void aRatchetedRuleFailureIsAWarning() {
        List<String> warnings = new ArrayList<>();
        List<FieldError> errors = CustomResourceValidation.validate(SCHEMA, RULES,
                object("{\"mode\": \"legacy\", \"size\": 2}"), object("{\"mode\": \"legacy\", \"size\": 1}"),
                warnings::add);
        assertThat(errors).isEmpty();
        assertThat(warnings).containsExactly("spec.mode: Invalid value: \"string\": failed rule: self != 'legacy'");
    }

    @Test
    void createsDoNotRatchet() {
        assertThat(CustomResourceValidation.validate(SCHEMA, RULES, object("{\"size\": 1, \"mode\": \"legacy\"}"),
                null)).extracting(FieldError::toString)
                .containsExactly("spec.mode: Invalid value: \"string\": failed rule: self != 'legacy'");
    }

    private static JsonNode object(String spec) {
        return json("{\"apiVersion\": \"shop.example.com/v1\", \"kind\": \"Widget\", \"metadata\": {\"name\": "
                + "\"w\"}, \"spec\": " + spec + "}");
    }

    private static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }
}
