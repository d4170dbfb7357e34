package skiff.apiserver.apiextensions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import tools.jackson.databind.node.ObjectNode;

/** Validation, pruning and defaulting of custom objects against a structural schema, with Kubernetes' messages. */
class StructuralSchemaTest {
    private static final StructuralSchema SCHEMA = StructuralSchema.of(json("""
            {"type": "object", "properties": {"spec": {"type": "object", "required": ["image"], "properties": {
              "image": {"type": "string", "minLength": 1, "maxLength": 10},
              "replicas": {"type": "integer", "minimum": 0, "maximum": 5, "default": 1},
              "ratio": {"type": "number", "exclusiveMaximum": true, "maximum": 1.5},
              "tier": {"type": "string", "enum": ["frontend", "backend"]},
              "name": {"type": "string", "pattern": "^[a-z]+$"},
              "email": {"type": "string", "format": "email"},
              "port": {"x-kubernetes-int-or-string": true},
              "ports": {"type": "array", "maxItems": 2, "minItems": 1,
                        "items": {"type": "object", "properties": {"port": {"type": "integer"}}}},
              "labels": {"type": "object", "additionalProperties": {"type": "string"}},
              "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
              "template": {"type": "object", "x-kubernetes-embedded-resource": true,
                           "properties": {"spec": {"type": "object"}}},
              "nested": {"type": "object", "default": {}, "properties": {"mode": {"type": "string",
                         "default": "fast"}}}}}}}
            """));

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                Arguments.of("{\"image\": \"x\", \"replicas\": \"three\"}", List.of("spec.replicas: Invalid value: "
                        + "\"string\": spec.replicas in body must be of type integer: \"string\"")),
                Arguments.of("{\"replicas\": 1}", List.of("spec.image: Required value")),
                Arguments.of("{\"image\": \"x\", \"replicas\": -1}", List.of("spec.replicas: Invalid value: -1: "
                        + "spec.replicas in body should be greater than or equal to 0")),
                Arguments.of("{\"image\": \"x\", \"replicas\": 6}", List.of("spec.replicas: Invalid value: 6: "
                        + "spec.replicas in body should be less than or equal to 5")),
                Arguments.of("{\"image\": \"x\", \"ratio\": 1.5}", List.of("spec.ratio: Invalid value: 1.5: "
                        + "spec.ratio in body should be less than 1.5")),
                Arguments.of("{\"image\": \"x\", \"tier\": \"middle\"}", List.of("spec.tier: Unsupported value: "
                        + "\"middle\": supported values: \"frontend\", \"backend\"")),
                Arguments.of("{\"image\": \"\"}", List.of("spec.image: Invalid value: \"\": spec.image in body "
                        + "should be at least 1 chars long")),
                Arguments.of("{\"image\": \"abcdefghijk\"}", List.of("spec.image: Too long: may not be more than 10 "
                        + "bytes")),
                Arguments.of("{\"image\": \"x\", \"name\": \"A1\"}", List.of("spec.name: Invalid value: \"A1\": "
                        + "spec.name in body should match '^[a-z]+$'")),
                Arguments.of("{\"image\": \"x\", \"email\": \"nope\"}", List.of("spec.email: Invalid value: \"nope\":"
                        + " spec.email in body must be of type email: \"nope\"")),
                Arguments.of("{\"image\": \"x\", \"port\": true}", List.of("spec.port: Invalid value: \"boolean\": "
                        + "spec.port in body must be of type integer,string: \"boolean\"")),
                Arguments.of("{\"image\": \"x\", \"ports\": [{\"port\": \"a\"}, {}, {}]}", List.of(
                        "spec.ports: Too many: 3: must have at most 2 items",
                        "spec.ports[0].port: Invalid value: \"string\": spec.ports[0].port in body must be of type "
                                + "integer: \"string\"")),
                Arguments.of("{\"image\": \"x\", \"ports\": []}", List.of("spec.ports: Invalid value: 0: spec.ports "
                        + "in body should have at least 1 items")),
                Arguments.of("{\"image\": \"x\", \"labels\": {\"a\": 1}}", List.of("spec.labels.a: Invalid value: "
                        + "\"integer\": spec.labels.a in body must be of type string: \"integer\"")));
    }

    @ParameterizedTest
    @MethodSource("invalidSpecs")
    void invalidValuesGetKubernetesFieldErrors(String spec, List<String> expected) {
        ObjectNode object = Json.object();
        object.set("spec", json(spec));

        List<FieldError> errors = SchemaValidator.validate(SCHEMA, object, "");

        assertThat(errors).extracting(FieldError::toString).containsExactlyElementsOf(expected);
    }

    @Test
    void validValuesPass() {
        ObjectNode object = (ObjectNode) json("""
                {"apiVersion": "a/v1", "kind": "K", "metadata": {"name": "n"}, "spec": {"image": "x", "port": "http",
                 "ratio": 1, "ports": [{"port": 80}], "email": "a@b.io"}}""");

        assertThat(SchemaValidator.validate(SCHEMA, object, "")).isEmpty();
    }

    @Test
    void unknownFieldsArePrunedExceptWherePreservedAndInEmbeddedResources() {
        ObjectNode object = (ObjectNode) json("""
                {"apiVersion": "a/v1", "kind": "K", "metadata": {"name": "n", "labels": {"a": "b"}}, "top": 1,
                 "spec": {"image": "x", "colour": "red", "ports": [{"port": 1, "name": "p"}],
                          "extra": {"anything": {"deep": true}},
                          "template": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {},
                                       "bogus": 1}}}""");

        List<String> pruned = SchemaPruning.prune(object, SCHEMA);

        assertThat(pruned).containsExactly("top", "spec.colour", "spec.ports[0].name", "spec.template.bogus");
        assertThat(object.path("spec").path("extra").path("anything").path("deep").asBoolean()).isTrue();
        assertThat(object.path("spec").path("template").path("kind").asString()).isEqualTo("Pod");
        assertThat(object.path("metadata").path("labels").path("a").asString()).isEqualTo("b");
    }

    @Test
    void defaultsAreFilledTopDown() {
        ObjectNode object = (ObjectNode) json("{\"spec\": {\"image\": \"x\"}}");

        SchemaDefaulting.apply(object, SCHEMA);

        assertThat(object.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(object.path("spec").path("nested").path("mode").asString()).isEqualTo("fast");
    }

    @Test
    void nonStructuralSchemasAreNamedWithTheirPaths() {
        List<FieldError> errors = StructuralChecks.check(json("""
                {"properties": {"spec": {"properties": {"a": {"type": "array"}}},
                 "metadata": {"type": "object", "properties": {"labels": {"type": "object"}}}}}"""),
                "spec.versions[0].schema.openAPIV3Schema");

        assertThat(errors).extracting(FieldError::toString).containsExactly(
                "spec.versions[0].schema.openAPIV3Schema.type: Required value: must not be empty at the root",
                "spec.versions[0].schema.openAPIV3Schema.properties[metadata]: Forbidden: must not specify anything "
                        + "other than name and generateName, but metadata is implicitly specified",
                "spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty "
                        + "for specified object fields",
                "spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[a].items: Required value: must "
                        + "be specified");
    }

    private static tools.jackson.databind.JsonNode json(String text) {
        return Json.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
