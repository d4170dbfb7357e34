package skiff.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import skiff.api.time.FakeClock;
import skiff.apiserver.resource.BuiltinResources;
import skiff.apiserver.resource.CustomResource;
import skiff.apiserver.resource.ResourceCatalog;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.table.TableConvertor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The OpenAPI v3 root and group-version documents, read as kubectl reads them. */
class OpenApiDocumentsTest {
    private final ResourceCatalog catalog = BuiltinResources.catalog();
    private final OpenApiDocuments documents =
            new OpenApiDocuments(catalog, "v1.32.4", new FakeClock(Instant.parse("2026-01-01T00:00:00Z")));

    private JsonNode document(String path) {
        return Json.parse(documents.document(path).orElseThrow().json());
    }

    @Test
    void theRootNamesEveryServedGroupVersionWithItsDocumentsHash() {
        JsonNode root = Json.parse(documents.root());

        OpenApiDocuments.Document apps = documents.document("apis/apps/v1").orElseThrow();
        assertThat(root.path("paths").path("apis/apps/v1").path("serverRelativeURL").asString())
                .isEqualTo("/openapi/v3/apis/apps/v1?hash=" + apps.etag());
        assertThat(apps.etag()).matches("[0-9A-F]{128}");
        assertThat(root.path("paths").has("api/v1")).isTrue();
        assertThat(root.path("paths").has("apis/resource.k8s.io/v1beta1")).as("not served").isFalse();
    }

    @Test
    void podsSchemaCarriesTheExtensionsKubectlAndServerSideApplyRead() {
        JsonNode schemas = document("api/v1").path("components").path("schemas");

        JsonNode pod = schemas.path("io.k8s.api.core.v1.Pod");
        assertThat(pod.path("x-kubernetes-group-version-kind").get(0).path("kind").asString()).isEqualTo("Pod");
        JsonNode containers = schemas.path("io.k8s.api.core.v1.PodSpec").path("properties").path("containers");
        assertThat(containers.path("x-kubernetes-patch-strategy").asString()).isEqualTo("merge");
        assertThat(containers.path("x-kubernetes-patch-merge-key").asString()).isEqualTo("name");
        assertThat(containers.path("x-kubernetes-list-type").asString()).isEqualTo("map");
        assertThat(containers.path("x-kubernetes-list-map-keys").get(0).asString()).isEqualTo("name");
        assertThat(schemas.path("io.k8s.apimachinery.pkg.util.intstr.IntOrString").path("format").asString())
                .isEqualTo("int-or-string");
        assertThat(schemas.path("io.k8s.api.core.v1.Container").path("properties").path("image")
                .path("description").asString()).startsWith("Container image name.");
    }

    @Test
    void onlyTheResourcesSkiffServesArePublished() {
        JsonNode core = document("api/v1");

        assertThat(core.path("paths").has("/api/v1/namespaces/{namespace}/pods/{name}")).isTrue();
        assertThat(core.path("paths").has("/api/v1/namespaces/{namespace}/limitranges")).isFalse();
        assertThat(core.path("components").path("schemas").has("io.k8s.api.core.v1.LimitRange")).isFalse();
        assertThat(core.path("info").path("version").asString()).isEqualTo("v1.32.4");
        assertThat(core.path("paths").path("/api/v1/namespaces/{namespace}/pods/{name}").path("patch")
                .path("requestBody").path("content").has("application/strategic-merge-patch+json")).isTrue();
    }

    @Test
    void aCustomResourceDefinitionsSchemaAppearsAndDisappearsWithIt() {
        ResourceDefinition widgets = ResourceDefinition.builder("example.com", "v1", "widgets", "Widget")
                .custom(new SchemaOnly((ObjectNode) Json.parse("""
                        {"type":"object","description":"A widget.","properties":{"spec":{"type":"object",
                        "properties":{"size":{"type":"integer","description":"How big."}}}}}""".getBytes())))
                .build();

        catalog.add(List.of(widgets));
        OpenApiDocuments.Document served = documents.document("apis/example.com/v1").orElseThrow();
        JsonNode doc = Json.parse(served.json());
        JsonNode widget = doc.path("components").path("schemas").path("com.example.v1.Widget");
        catalog.remove(List.of(widgets));

        assertThat(widget.path("description").asString()).isEqualTo("A widget.");
        assertThat(widget.path("properties").path("spec").path("properties").path("size").path("type").asString())
                .isEqualTo("integer");
        assertThat(widget.path("properties").path("metadata").path("allOf").get(0).path("$ref").asString())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        assertThat(widget.path("x-kubernetes-group-version-kind").get(0).path("kind").asString()).isEqualTo("Widget");
        assertThat(doc.path("components").path("schemas").path("com.example.v1.WidgetList")
                .path("x-kubernetes-group-version-kind").get(0).path("kind").asString()).isEqualTo("WidgetList");
        assertThat(doc.path("components").path("schemas").has("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"))
                .isTrue();
        assertThat(doc.path("paths").path("/apis/example.com/v1/namespaces/{namespace}/widgets/{name}")
                .path("patch").path("parameters").findValuesAsString("name")).contains("fieldValidation");
        assertThat(served.etag()).isEqualTo(OpenApiDocuments.etag(served.json()));
        assertThat(documents.document("apis/example.com/v1")).isEmpty();
        assertThat(Json.parse(documents.root()).path("paths").has("apis/example.com/v1")).isFalse();
    }

    @Test
    void builtInPathsAreSortedToTheirResource() {
        assertThat(BuiltinDocument.resourceOf("/namespaces/{namespace}/pods/{name}/log")).isEqualTo("pods");
        assertThat(BuiltinDocument.resourceOf("/watch/namespaces/{namespace}/pods")).isEqualTo("pods");
        assertThat(BuiltinDocument.resourceOf("/namespaces/{name}/finalize")).isEqualTo("namespaces");
        assertThat(BuiltinDocument.resourceOf("/namespaces")).isEqualTo("namespaces");
        assertThat(BuiltinDocument.resourceOf("/")).isEmpty();
    }

    private record SchemaOnly(ObjectNode openApiV3Schema) implements CustomResource {
        @Override
        public String listKind() {
            return "WidgetList";
        }

        @Override
        public List<String> prune(ObjectNode object) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TableConvertor table() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean scalable() {
            return false;
        }

        @Override
        public ObjectNode scaleOf(ObjectNode object) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> deprecationWarning() {
            return Optional.empty();
        }

        @Override
        public void setReplicas(ObjectNode object, int replicas) {
            throw new UnsupportedOperationException();
        }
    }
}
