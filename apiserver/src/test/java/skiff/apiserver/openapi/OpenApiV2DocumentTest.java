package skiff.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import skiff.api.time.FakeClock;
import skiff.apiserver.resource.BuiltinResources;
import tools.jackson.databind.JsonNode;

/** The OpenAPI v2 document in both encodings, read back field by field (gnostic openapi_v2.Document numbering). */
class OpenApiV2DocumentTest {
    private static final OpenApiV2Document DOCUMENT = new OpenApiV2Document(new OpenApiDocuments(BuiltinResources.catalog(),
            "v1.32.4", new FakeClock(Instant.parse("2026-01-01T00:00:00Z"))), "v1.32.4");

    @Test
    void theJsonDocumentHasEveryServedKindsDefinitionInSwagger2Form() {
        JsonNode doc = Json.parse(DOCUMENT.json());

        assertThat(doc.path("swagger").asString()).isEqualTo("2.0");
        assertThat(doc.path("info").path("version").asString()).isEqualTo("v1.32.4");
        JsonNode definitions = doc.path("definitions");
        JsonNode deployment = definitions.path("io.k8s.api.apps.v1.Deployment");
        assertThat(deployment.path("x-kubernetes-group-version-kind").get(0).path("kind").asString())
                .isEqualTo("Deployment");
        assertThat(deployment.path("properties").path("spec").path("$ref").asString())
                .isEqualTo("#/definitions/io.k8s.api.apps.v1.DeploymentSpec");
        assertThat(deployment.path("properties").path("spec").has("allOf")).isFalse();
        assertThat(definitions.path("io.k8s.apimachinery.pkg.util.intstr.IntOrString").path("type").asString())
                .isEqualTo("string");
        assertThat(definitions.has("io.k8s.api.core.v1.Pod")).isTrue();
    }

    @Test
    void aCustomSchemaLosesTheKeywordsSwagger2LacksAndKeepsItsExtensions() {
        JsonNode v3 = Json.parse("""
                {"type":"object","properties":{"port":{"x-kubernetes-int-or-string":true,
                "anyOf":[{"type":"integer"},{"type":"string"}]},"note":{"type":"string","nullable":true},
                "meta":{"allOf":[{"$ref":"#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}],
                "description":"Standard object's metadata.","default":{}}}}""".getBytes());

        JsonNode v2 = OpenApiV2Document.toV2(v3);

        assertThat(Json.string(v2)).isEqualTo("{\"type\":\"object\",\"properties\":{"
                + "\"port\":{\"x-kubernetes-int-or-string\":true},\"note\":{\"type\":\"string\"},"
                + "\"meta\":{\"$ref\":\"#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta\","
                + "\"description\":\"Standard object's metadata.\"}}}");
    }

    @Test
    void theProtobufDocumentCarriesTheSameDefinitions() throws Exception {
        UnknownFieldSet doc = UnknownFieldSet.parseFrom(DOCUMENT.protobuf());

        assertThat(string(doc, 1)).isEqualTo("2.0");
        UnknownFieldSet info = UnknownFieldSet.parseFrom(doc.getField(2).getLengthDelimitedList().get(0));
        assertThat(string(info, 1)).isEqualTo("Kubernetes");
        assertThat(string(info, 2)).isEqualTo("v1.32.4");
        UnknownFieldSet definitions = UnknownFieldSet.parseFrom(doc.getField(9).getLengthDelimitedList().get(0));
        UnknownFieldSet podSpec = named(definitions.getField(1).getLengthDelimitedList(), "io.k8s.api.core.v1.PodSpec");
        UnknownFieldSet properties = UnknownFieldSet.parseFrom(podSpec.getField(25).getLengthDelimitedList().get(0));
        UnknownFieldSet containers = named(properties.getField(1).getLengthDelimitedList(), "containers");
        List<String> extensions = containers.getField(31).getLengthDelimitedList().stream()
                .map(OpenApiV2DocumentTest::parse).map(e -> string(e, 1) + "=" + string(parse(
                        e.getField(2).getLengthDelimitedList().get(0)), 2)).toList();
        assertThat(extensions).contains("x-kubernetes-patch-strategy=\"merge\"", "x-kubernetes-patch-merge-key=\"name\"",
                "x-kubernetes-list-type=\"map\"");
    }

    private static UnknownFieldSet named(List<ByteString> namedSchemas, String name) {
        UnknownFieldSet named = namedSchemas.stream().map(OpenApiV2DocumentTest::parse)
                .filter(n -> string(n, 1).equals(name)).findFirst().orElseThrow();
        return parse(named.getField(2).getLengthDelimitedList().get(0));
    }

    private static UnknownFieldSet parse(ByteString bytes) {
        try {
            return UnknownFieldSet.parseFrom(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String string(UnknownFieldSet message, int field) {
        return message.getField(field).getLengthDelimitedList().get(0).toStringUtf8();
    }
}
