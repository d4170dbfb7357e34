package skiff.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hand-kept merge schema says what the published OpenAPI schemas say about every list and map field they both
 * have: list type and keys, map type (x-kubernetes-list-type, x-kubernetes-list-map-keys, x-kubernetes-map-type;
 * without a list type, a "merge" patch strategy makes a keyed list or a set, as kube-openapi pkg/schemaconv reads it).
 */
class MergeSchemaAgreementTest {
    private static final List<String> GROUP_VERSIONS = List.of("api__v1", "apis__apps__v1", "apis__batch__v1",
            "apis__coordination.k8s.io__v1", "apis__discovery.k8s.io__v1", "apis__events.k8s.io__v1",
            "apis__policy__v1", "apis__rbac.authorization.k8s.io__v1", "apis__scheduling.k8s.io__v1",
            "apis__storage.k8s.io__v1", "apis__certificates.k8s.io__v1", "apis__apiextensions.k8s.io__v1");

    @Test
    void listAndMapTypesAgreeWithTheOpenApiSchemas() throws IOException {
        ObjectNode schemas = Json.object();
        for (String gv : GROUP_VERSIONS) {
            schemas.setAll((ObjectNode) read("/skiff/apiserver/openapi/v3/" + gv + "_openapi.json")
                    .path("components").path("schemas"));
        }
        JsonNode types = read("/skiff/apiserver/fieldmanager/merge-schema.json").path("types");

        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        for (var type : types.properties()) {
            JsonNode schema = schemas.path(openApiName(type.getKey(), schemas));
            for (var property : schema.path("properties").properties()) {
                String published = published(property.getValue());
                if (published == null) {
                    continue;
                }
                compared++;
                String kept = kept(type.getValue().path("fields").path(property.getKey()));
                if (!published.equals(kept) && !(kept == null && published.equals("map granular"))) {
                    disagreements.add(type.getKey() + "." + property.getKey() + ": " + published + " / " + kept);
                }
            }
        }

        assertThat(compared).isGreaterThan(100);
        assertThat(disagreements).isEmpty();
    }

    private static String openApiName(String mergeName, ObjectNode schemas) {
        String[] parts = mergeName.split("\\.", 3);
        if (parts[0].equals("meta")) {
            return "io.k8s.apimachinery.pkg.apis.meta.v1." + parts[2];
        }
        for (String name : schemas.propertyNames()) {
            if (name.startsWith("io.k8s.api." + parts[0]) && name.endsWith("." + parts[1] + "." + parts[2])) {
                return name;
            }
        }
        return "";
    }

    private static String published(JsonNode property) {
        if (property.path("type").asString("").equals("array")) {
            String listType = property.path("x-kubernetes-list-type").asString("");
            JsonNode keys = property.get("x-kubernetes-list-map-keys");
            if (listType.isEmpty() && property.path("x-kubernetes-patch-strategy").asString("").contains("merge")) {
                listType = property.has("x-kubernetes-patch-merge-key") ? "map" : "set";
                keys = property.has("x-kubernetes-patch-merge-key")
                        ? Json.mapper().createArrayNode().add(property.get("x-kubernetes-patch-merge-key")) : null;
            }
            return "list " + (listType.isEmpty() ? "atomic" : listType) + (keys == null ? "" : " " + keys);
        }
        if (property.has("additionalProperties")) {
            return "map " + property.path("x-kubernetes-map-type").asString("granular");
        }
        return null;
    }

    private static String kept(JsonNode field) {
        if (field.isString() && field.asString().equals("atomic")) {
            return "list atomic";
        }
        if (field.has("list")) {
            return "list " + field.get("list").asString() + (field.has("keys") ? " " + field.get("keys") : "");
        }
        if (field.has("map")) {
            return "map " + field.get("map").asString();
        }
        return null;
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = MergeSchemaAgreementTest.class.getResourceAsStream(resource)) {
            return Json.parse(in.readAllBytes());
        }
    }
}
