package skiff.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class BuiltinSpecsTest {

    /** Each document's schemas without descriptions are exactly what bin/update-openapi-spec derives from it. */
    @Test
    void schemasWithoutDescriptionsAreTheDocumentsSchemasWithoutTheirProse() throws Exception {
        List<String> paths = documentPaths();
        assertThat(paths).contains("api/v1", "apis/apps/v1");
        for (String path : paths) {
            JsonNode schemas = Json.parse(BuiltinSpecs.source(path).orElseThrow()).path("components").path("schemas");
            JsonNode compact = Json.parse(BuiltinSpecs.schemasWithoutDescriptions(path).orElseThrow());
            assertThat(compact).as(path).isEqualTo(withoutDescriptions(schemas.deepCopy()));
        }
    }

    @Test
    void aPropertyNamedDescriptionStays() {
        JsonNode priorityClass = Json.parse(BuiltinSpecs.schemasWithoutDescriptions("apis/scheduling.k8s.io/v1")
                .orElseThrow()).path("io.k8s.api.scheduling.v1.PriorityClass");
        assertThat(priorityClass.path("properties").path("description").path("type").asString()).isEqualTo("string");
        assertThat(priorityClass.has("description")).isFalse();
    }

    private static List<String> documentPaths() throws IOException, URISyntaxException {
        Path folder = Path.of(BuiltinSpecs.class.getResource("/skiff/apiserver/openapi/v3/").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .map(n -> n.substring(0, n.length() - "_openapi.json".length()).replace("__", "/"))
                    .sorted().toList();
        }
    }

    private static JsonNode withoutDescriptions(JsonNode schema) {
        if (schema instanceof ObjectNode object && object.path("description").isString()) {
            object.remove("description");
        }
        schema.forEach(BuiltinSpecsTest::withoutDescriptions);
        return schema;
    }
}
