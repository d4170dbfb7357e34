package skiff.apiserver.apiextensions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import skiff.api.selector.FieldSelector;
import skiff.api.selector.LabelSelector;
import skiff.apiserver.registry.ListOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A two-version CRD with the None conversion: v1 is stored and has a defaulted {@code spec.size}, v1beta1 knows only
 * {@code spec.name} and has its own default {@code spec.legacy}.
 */
class CustomResourceConversionTest {
    private static final Map<String, StructuralSchema> SCHEMAS = Map.of(
            "v1", schema("{\"size\": {\"type\": \"integer\", \"default\": 3}, \"name\": {\"type\": \"string\"}}"),
            "v1beta1", schema("{\"name\": {\"type\": \"string\"}, \"legacy\": {\"type\": \"string\", "
                    + "\"default\": \"yes\"}}"));
    private static final CustomResourceConversion V1 = new CustomResourceConversion("shop.example.com", "v1", "v1",
            SCHEMAS, CustomResourceConverter.NONE);
    private static final CustomResourceConversion V1BETA1 = new CustomResourceConversion("shop.example.com",
            "v1beta1", "v1", SCHEMAS, CustomResourceConverter.NONE);

    @Test
    void aStoredObjectGetsItsStorageVersionsDefaultsOnRead() {
        ObjectNode stored = object("v1", "{\"name\": \"a\"}");

        ObjectNode served = V1.toServed(stored);

        assertThat(served.path("spec").toString()).isEqualTo("{\"name\":\"a\",\"size\":3}");
        assertThat(stored.path("spec").toString()).isEqualTo("{\"name\":\"a\"}");
    }

    @Test
    void anotherServedVersionRewritesApiVersionAndPrunesWithItsOwnSchema() {
        ObjectNode served = V1BETA1.toServed(object("v1", "{\"name\": \"a\", \"size\": 5}"));

        assertThat(served.path("apiVersion").asString()).isEqualTo("shop.example.com/v1beta1");
        assertThat(served.path("spec").toString()).isEqualTo("{\"name\":\"a\"}");
        assertThat(served.path("metadata").path("name").asString()).isEqualTo("x");
    }

    @Test
    void anObjectStoredAtAnOlderVersionIsReadWithThatVersionsSchema() {
        ObjectNode served = V1.toServed(object("v1beta1", "{\"name\": \"a\", \"gone\": 1}"));

        assertThat(served.path("apiVersion").asString()).isEqualTo("shop.example.com/v1");
        assertThat(served.path("spec").toString()).isEqualTo("{\"name\":\"a\"}");
    }

    @Test
    void writesAreStoredAtTheStorageVersionPrunedWithItsSchema() {
        ObjectNode request = object("v1beta1", "{\"name\": \"a\", \"legacy\": \"yes\"}");

        ObjectNode stored = V1BETA1.toStored(request);

        assertThat(stored.path("apiVersion").asString()).isEqualTo("shop.example.com/v1");
        assertThat(stored.path("spec").toString()).isEqualTo("{\"name\":\"a\"}");
        assertThat(request.path("apiVersion").asString()).isEqualTo("shop.example.com/v1beta1");
    }

    @Test
    void fieldSelectorsReadTheObjectAsServedDefaultsIncluded() {
        ListOptions bySize = new ListOptions(LabelSelector.everything(), FieldSelector.parse("spec.size=3"), "", "", 0,
                null, false, 0);

        assertThat(bySize.filter(V1).test(object("v1", "{\"name\": \"a\"}"))).isTrue();
        assertThat(bySize.filter(V1).test(object("v1", "{\"size\": 4}"))).isFalse();
    }

    private static ObjectNode object(String version, String spec) {
        return (ObjectNode) Json.parse(("{\"apiVersion\": \"shop.example.com/" + version + "\", \"kind\": \"Widget\","
                + " \"metadata\": {\"name\": \"x\"}, \"spec\": " + spec + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static StructuralSchema schema(String specProperties) {
        JsonNode json = Json.parse(("{\"type\": \"object\", \"properties\": {\"spec\": {\"type\": \"object\", "
                + "\"properties\": " + specProperties + "}}}").getBytes(StandardCharsets.UTF_8));
        return StructuralSchema.of(json);
    }
}
