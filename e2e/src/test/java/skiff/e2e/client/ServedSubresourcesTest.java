package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;
import tools.jackson.databind.JsonNode;

/**
 * Discovery lists a subresource exactly when the server serves it (k/k apiserver pkg/endpoints/installer.go lists
 * the storages it installs): every listed subresource, asked about an object that does not exist, answers the
 * object's NotFound, never the unserved path's.
 */
class ServedSubresourcesTest {
    private static final String UNSERVED = "the server could not find the requested resource";

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    private static RawApi raw;
    private static String namespace;

    @BeforeAll
    static void createNamespace() {
        KubernetesClient client = skiff.client();
        raw = new RawApi(client);
        namespace = FreshNamespace.create(client, "served");
    }

    @Test
    void everySubresourceDiscoveryListsIsServed() {
        List<String> listed = new ArrayList<>();
        for (String groupVersion : groupVersions()) {
            String base = groupVersion.contains("/") ? "/apis/" + groupVersion : "/api/" + groupVersion;
            for (JsonNode r : raw.get(base).json().path("resources")) {
                String name = r.path("name").asString();
                if (!name.contains("/")) {
                    continue;
                }
                listed.add(groupVersion + " " + name);
                String[] parts = name.split("/");
                String path = base + (r.path("namespaced").asBoolean() ? "/namespaces/" + namespace : "") + "/"
                        + parts[0] + "/missing/" + parts[1];
                RawResponse answer = request(path, verbs(r));

                assertThat(answer.code()).as(name).isEqualTo(404);
                JsonNode status = answer.json();
                assertThat(status.path("message").asString()).as(name).isNotEqualTo(UNSERVED);
                assertThat(status.path("details").path("name").asString()).as(name).isEqualTo("missing");
            }
        }
        assertThat(listed).contains("v1 pods/eviction", "v1 pods/ephemeralcontainers", "v1 pods/status",
                "apps/v1 deployments/scale", "v1 namespaces/finalize");
    }

    @Test
    void podsListTheSubresourcesTheyServeInBothDiscoveryForms() {
        List<String> legacy = new ArrayList<>();
        raw.get("/api/v1").json().path("resources").forEach(r -> {
            if (r.path("name").asString().startsWith("pods/")) {
                legacy.add(r.path("name").asString().substring("pods/".length()));
            }
        });
        List<String> aggregated = new ArrayList<>();
        for (JsonNode r : aggregatedCore().path("items").get(0).path("versions").get(0).path("resources")) {
            if (r.path("resource").asString().equals("pods")) {
                r.path("subresources").forEach(s -> aggregated.add(s.path("subresource").asString()));
            }
        }

        List<String> served = List.of("attach", "binding", "ephemeralcontainers", "eviction", "exec", "log",
                "portforward", "status");
        assertThat(legacy).containsExactlyElementsOf(served);
        assertThat(aggregated).containsExactlyElementsOf(served);
    }

    @Test
    void anUnservedSubresourceIsTheUnservedPathsNotFoundWithEmptyDetails() {
        for (String sub : List.of("proxy", "resize")) {
            RawResponse answer = raw.get("/api/v1/namespaces/" + namespace + "/pods/missing/" + sub);

            assertThat(answer.code()).isEqualTo(404);
            JsonNode status = answer.json();
            assertThat(status.path("message").asString()).isEqualTo(UNSERVED);
            assertThat(status.path("reason").asString()).isEqualTo("NotFound");
            assertThat(status.get("details")).as("kubectl debug reads details.name").isNotNull();
            assertThat(status.path("details").isEmpty()).isTrue();
        }
    }

    private static List<String> groupVersions() {
        List<String> gvs = new ArrayList<>(List.of("v1"));
        raw.get("/apis").json().path("groups").forEach(g -> g.path("versions")
                .forEach(v -> gvs.add(v.path("groupVersion").asString())));
        return gvs;
    }

    private static List<String> verbs(JsonNode resource) {
        List<String> verbs = new ArrayList<>();
        resource.path("verbs").forEach(v -> verbs.add(v.asString()));
        return verbs;
    }

    // One request per subresource, with the first verb it lists that reads or writes the named object.
    private static RawResponse request(String path, List<String> verbs) {
        String body = "{\"metadata\":{\"name\":\"missing\"},\"target\":{\"name\":\"node-a\"}}";
        if (verbs.contains("get")) {
            return raw.get(path);
        }
        return raw.send(verbs.contains("create") ? "POST" : "PUT", path, "application/json", body);
    }

    private static JsonNode aggregatedCore() {
        return raw.get("/api", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
                .json();
    }
}
