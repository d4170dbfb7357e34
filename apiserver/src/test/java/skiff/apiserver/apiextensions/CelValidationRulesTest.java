package skiff.apiserver.apiextensions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import tools.jackson.databind.JsonNode;

/** x-kubernetes-validations: rules on custom objects, and the checks a CRD's rules must pass. */
class CelValidationRulesTest {
    private static final StructuralSchema SCHEMA = StructuralSchema.of(json("""
            {"type": "object", "x-kubernetes-validations": [
               {"rule": "self.metadata.name.startsWith('w-')", "message": "name must start with w-"}],
             "properties": {"spec": {"type": "object",
               "x-kubernetes-validations": [
                 {"rule": "self.minReplicas <= self.maxReplicas", "messageExpression":
                  "'minReplicas (' + string(self.minReplicas) + ') exceeds maxReplicas'", "fieldPath": ".minReplicas"},
                 {"rule": "!has(self.mode) || self.mode != 'off' || self.maxReplicas == 0",
                  "reason": "FieldValueForbidden", "message": "off means no replicas"},
                 {"rule": "self.maxReplicas >= oldSelf.maxReplicas", "message": "maxReplicas may not shrink"},
                 {"rule": "oldSelf.hasValue() || self.maxReplicas < 10", "optionalOldSelf": true,
                  "message": "new objects start below 10 replicas"}],
               "properties": {
                 "minReplicas": {"type": "integer"}, "maxReplicas": {"type": "integer"},
                 "mode": {"type": "string", "maxLength": 8},
                 "timeout": {"type": "string", "format": "duration",
                             "x-kubernetes-validations": [{"rule": "self <= duration('1h')"}]},
                 "x-name": {"type": "string", "x-kubernetes-validations": [{"rule": "self.find('[0-9]+') != ''"}]},
                 "ports": {"type": "array", "maxItems": 4, "items": {"type": "integer"},
                           "x-kubernetes-validations": [{"rule": "self.sum() < 100000 && self.indexOf(0) == -1",
                                                         "message": "bad ports"}]},
                 "labels": {"type": "object", "maxProperties": 4,
                            "additionalProperties": {"type": "string", "maxLength": 16,
                              "x-kubernetes-validations": [{"rule": "self.lowerAscii() == self"}]}},
                 "default": {"type": "string", "maxLength": 8, "x-kubernetes-validations": [{"rule": "self != 'x'"},
                   {"rule": "self.indexOf('y') != 0", "message": "may not start with y"},
                   {"rule": "!self.contains('\\"')", "messageExpression": "'no quotes in ' + strings.quote(self)"}]}}}}}
            """));
    private static final CelValidator VALIDATOR = CelValidator.of(SCHEMA).orElseThrow();

    static Stream<Arguments> objects() {
        return Stream.of(
                Arguments.of("w-a", "{\"minReplicas\": 1, \"maxReplicas\": 2}", List.of()),
                Arguments.of("a", "{\"minReplicas\": 1, \"maxReplicas\": 2}",
                        List.of("<nil>: Invalid value: \"object\": name must start with w-")),
                Arguments.of("w-a", "{\"minReplicas\": 3, \"maxReplicas\": 2}",
                        List.of("spec.minReplicas: Invalid value: \"object\": minReplicas (3) exceeds maxReplicas")),
                Arguments.of("w-a", "{\"minReplicas\": 0, \"maxReplicas\": 1, \"mode\": \"off\"}",
                        List.of("spec: Forbidden: off means no replicas")),
                Arguments.of("w-a", "{\"maxReplicas\": 1}", List.of("spec: Invalid value: \"object\": no such key: "
                        + "minReplicas evaluating rule: self.minReplicas <= self.maxReplicas")),
                Arguments.of("w-a", "{\"minReplicas\": 0, \"maxReplicas\": 1, \"timeout\": \"1h30m\"}",
                        List.of("spec.timeout: Invalid value: \"string\": failed rule: self <= duration('1h')")),
                Arguments.of("w-a", "{\"minReplicas\": 0, \"maxReplicas\": 1, \"x-name\": \"abc\"}",
                        List.of("spec.x-name: Invalid value: \"string\": failed rule: self.find('[0-9]+') != ''")),
                Arguments.of("w-a", "{\"minReplicas\": 0, \"maxReplicas\": 1, \"ports\": [80, 0]}",
                        List.of("spec.ports: Invalid value: \"array\": bad ports")),
                Arguments.of("w-a", "{\"minReplicas\": 0, \"maxReplicas\": 1, \"labels\": {\"a\": \"B\"}}",
                        List.of("spec.labels[a]: Invalid value: \"string\": failed rule: self.lowerAscii() == self")),
                Arguments.of("w-a", "{\"minReplicas\": 0, \"maxReplicas\": 1, \"default\": \"x\"}",
                        List.of("spec.default: Invalid value: \"string\": failed rule: self != 'x'")),
                Arguments.of("w-a", "{\"minReplicas\": 0, \"maxReplicas\": 1, \"default\": \"yes\"}",
                        List.of("spec.default: Invalid value: \"string\": may not start with y")),
                // strings.quote, of the strings extension Kubernetes declares at version 2 (environment/base.go).
                Arguments.of("w-a", "{\"minReplicas\": 0, \"maxReplicas\": 1, \"default\": \"a\\\"b\"}",
                        List.of("spec.default: Invalid value: \"string\": no quotes in \"a\\\"b\"")));
    }

    @ParameterizedTest
    @MethodSource("objects")
    void rulesRunOnCreate(String name, String spec, List<String> expected) {
        assertThat(VALIDATOR.validate(object(name, spec), null)).extracting(FieldError::toString)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void transitionRulesRunOnlyOnUpdate() {
        JsonNode old = object("w-a", "{\"minReplicas\": 0, \"maxReplicas\": 3, \"ports\": [2, 1]}");
        JsonNode shrunk = object("w-a", "{\"minReplicas\": 0, \"maxReplicas\": 2, \"ports\": [2, 1]}");
        assertThat(VALIDATOR.validate(shrunk, null)).isEmpty();
        assertThat(VALIDATOR.validate(shrunk, old)).extracting(FieldError::toString)
                .containsExactly("spec: Invalid value: \"object\": maxReplicas may not shrink");
    }

    @Test
    void optionalOldSelfRunsOnCreateWithNoValue() {
        JsonNode scaled = object("w-a", "{\"minReplicas\": 1, \"maxReplicas\": 20}");
        assertThat(VALIDATOR.validate(scaled, scaled)).isEmpty();
        assertThat(VALIDATOR.validate(scaled, null)).extracting(FieldError::toString)
                .containsExactly("spec: Invalid value: \"object\": new objects start below 10 replicas");
    }

    static Stream<Arguments> badRules() {
        String prefix = "openAPIV3Schema.properties[spec].x-kubernetes-validations[0]";
        return Stream.of(
                Arguments.of("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}",
                        "{\"rule\": \"self.b == 1\"}",
                        prefix + ".rule: Invalid value: {\"rule\":\"self.b == 1\"}: compilation failed: ERROR: "
                                + "<input>:1:5: undefined field 'b'"),
                Arguments.of("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}",
                        "{\"rule\": \"self.a\"}",
                        prefix + ".rule: Invalid value: {\"rule\":\"self.a\"}: cel expression must evaluate to a bool"),
                Arguments.of("{\"type\": \"object\"}", "{\"rule\": \"\"}",
                        prefix + ".rule: Required value: rule is not specified"),
                Arguments.of("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}",
                        "{\"rule\": \"true\", \"fieldPath\": \".b\"}",
                        prefix + ".fieldPath: Invalid value: \".b\": fieldPath must be a valid path: does not refer "
                                + "to a valid field"),
                Arguments.of("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"array\", "
                                + "\"items\": {\"type\": \"string\"}}}}",
                        "{\"rule\": \"self.a.all(x, self.a.exists(y, x.contains(y)))\"}",
                        prefix + ".rule: Forbidden: estimated rule cost exceeds budget by factor of more than 100x "
                                + "(try simplifying the rule, or adding maxItems, maxProperties, and maxLength where "
                                + "arrays, maps, and strings are declared)"));
    }

    @ParameterizedTest
    @MethodSource("badRules")
    void crdRulesMustCompileAndStayWithinCost(String spec, String rule, String expected) {
        JsonNode schema = json("{\"type\": \"object\", \"properties\": {\"spec\": " + spec.substring(0,
                spec.length() - 1) + ", \"x-kubernetes-validations\": [" + rule + "]}}}");
        assertThat(CelSchemaChecks.check(StructuralSchema.of(schema), "openAPIV3Schema"))
                .extracting(FieldError::toString)
                .anySatisfy(e -> assertThat(e).startsWith(expected));
    }

    @Test
    void boundedListsKeepTheSameRuleWithinBudget() {
        JsonNode schema = json("""
                {"type": "object", "properties": {"spec": {"type": "object", "properties": {"a": {"type": "array",
                 "maxItems": 10, "items": {"type": "string", "maxLength": 10}}},
                 "x-kubernetes-validations": [{"rule": "self.a.all(x, self.a.exists(y, x.contains(y)))"}]}}}
                """);
        assertThat(CelSchemaChecks.check(StructuralSchema.of(schema), "openAPIV3Schema")).isEmpty();
    }

    @Test
    void transitionRulesNeedCorrelatableValues() {
        JsonNode schema = json("""
                {"type": "object", "properties": {"a": {"type": "array", "maxItems": 2, "items": {"type": "string",
                 "maxLength": 5, "x-kubernetes-validations": [{"rule": "self == oldSelf"}]}}}}
                """);
        assertThat(CelSchemaChecks.check(StructuralSchema.of(schema), "s")).extracting(FieldError::toString)
                .containsExactly("s.properties[a].items.x-kubernetes-validations[0].rule: Invalid value: "
                        + "\"self == oldSelf\": oldSelf cannot be used on the uncorrelatable portion of the schema "
                        + "within s.properties[a].items");
    }

    @Test
    void anEvaluationThatCostsMoreThanThePerCallLimitStopsValidation() {
        StructuralSchema schema = StructuralSchema.of(json("""
                {"type": "object", "properties": {"spec": {"type": "object", "properties": {"n": {"type": "array",
                 "maxItems": 1000, "items": {"type": "integer"},
                 "x-kubernetes-validations": [{"rule": "self.all(x, self.exists(y, y == x))"}]}}}}}
                """));
        assertThat(CelSchemaChecks.check(schema, "s")).isEmpty();
        StringBuilder numbers = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            numbers.append(i == 0 ? "" : ",").append(i);
        }

        List<FieldError> errors = CelValidator.of(schema).orElseThrow()
                .validate(json("{\"spec\": {\"n\": [" + numbers + "]}}"), null);

        assertThat(errors).extracting(FieldError::toString).containsExactly("spec.n: Invalid value: \"array\": "
                + "'operation cancelled: actual cost limit exceeded': no further validation rules will be run due "
                + "to call cost exceeds limit for rule: self.all(x, self.exists(y, y == x))");
    }

    private static JsonNode object(String name, String spec) {
        return json("{\"apiVersion\": \"shop.example.com/v1\", \"kind\": \"Widget\", \"metadata\": {\"name\": \""
                + name + "\", \"namespace\": \"default\"}, \"spec\": " + spec + "}");
    }

    private static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }
}
