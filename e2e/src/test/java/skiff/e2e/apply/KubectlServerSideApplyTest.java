package skiff.e2e.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.json.Json;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;
import tools.jackson.databind.JsonNode;

/**
 * The real {@code kubectl apply --server-side} against Skiff: ownership through kubectl's own managers, the conflict
 * a {@code kubectl scale} leaves behind, and the upgrade from client-side apply (docs
 * reference/using-api/server-side-apply "Upgrading from client-side apply to server-side apply").
 */
class KubectlServerSideApplyTest {
    private static SkiffServer server;

    @TempDir
    static Path workDir;

    private static KubectlRunner kubectl;

    @BeforeAll
    static void start() {
        // Field managers are kubectl's alone: no deployment controller writing to the same objects.
        server = SkiffServer.startTemporary(StoreKind.MEMORY,
                options -> options.withDisabledControllers(Set.of("deployment", "replicaset")));
        kubectl = new KubectlRunner(server.kubeconfig(), workDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String deployment(String name, int replicas, String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                spec:
                  replicas: %d
                  selector:
                    matchLabels: {app: %s}
                  template:
                    metadata:
                      labels: {app: %s}
                    spec:
                      containers:
                      - name: web
                        image: %s
                """.formatted(name, replicas, name, name, image);
    }

    private static JsonNode get(String resource, String name) {
        String json = kubectl.succeed("get", resource, name, "-o", "json", "--show-managed-fields").stdout();
        return Json.mapper().readTree(json);
    }

    private static List<String> managers(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.path("metadata").path("managedFields").forEach(e -> out.add(e.path("manager").asString() + "/"
                + e.path("operation").asString() + (e.has("subresource") ? "/" + e.path("subresource").asString() : "")));
        return out;
    }

    private static JsonNode fields(JsonNode object, String manager, String operation) {
        for (JsonNode e : object.path("metadata").path("managedFields")) {
            if (e.path("manager").asString().equals(manager) && e.path("operation").asString().equals(operation)) {
                return e.path("fieldsV1");
            }
        }
        throw new AssertionError("no " + operation + " entry for " + manager + " in " + object.path("metadata"));
    }

    @Test
    void applyThenScaleThenApplyConflictsOnReplicasUnlessForced() {
        String file = kubectl.manifest("web.yaml", deployment("web", 2, "nginx"));

        assertThat(kubectl.succeed("apply", "--server-side", "-f", file).stdout())
                .contains("deployment.apps/web serverside-applied");
        JsonNode applied = get("deployment", "web");
        assertThat(managers(applied)).containsExactly("kubectl/Apply");
        assertThat(fields(applied, "kubectl", "Apply").path("f:spec").has("f:replicas")).isTrue();

        kubectl.succeed("scale", "deployment", "web", "--replicas=5");
        JsonNode scaled = get("deployment", "web");
        assertThat(managers(scaled)).containsExactlyInAnyOrder("kubectl/Apply", "kubectl/Update/scale");
        assertThat(fields(scaled, "kubectl", "Update").toString()).isEqualTo("{\"f:spec\":{\"f:replicas\":{}}}");
        assertThat(fields(scaled, "kubectl", "Apply").path("f:spec").has("f:replicas")).isFalse();

        KubectlRunner.Result conflict = kubectl.run("apply", "--server-side", "-f", file);
        assertThat(conflict.exitCode()).isNotZero();
        assertThat(conflict.stderr()).contains("Apply failed with 1 conflict: conflict with \"kubectl\" with "
                + "subresource \"scale\" using apps/v1: .spec.replicas");
        assertThat(get("deployment", "web").path("spec").path("replicas").asInt()).isEqualTo(5);

        kubectl.succeed("apply", "--server-side", "--force-conflicts", "-f", file);
        JsonNode forced = get("deployment", "web");
        assertThat(forced.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(managers(forced)).containsExactly("kubectl/Apply");
    }

    @Test
    void aContainerLeftOutOfTheManifestIsRemoved() {
        String file = kubectl.manifest("two.yaml", deployment("pair", 1, "nginx").replace("        image: nginx\n",
                "        image: nginx\n      - name: sidecar\n        image: busybox\n"));
        kubectl.succeed("apply", "--server-side", "-f", file);
        assertThat(get("deployment", "pair").path("spec").path("template").path("spec").path("containers")).hasSize(2);

        kubectl.succeed("apply", "--server-side", "-f", kubectl.manifest("one.yaml", deployment("pair", 1, "nginx")));

        JsonNode containers = get("deployment", "pair").path("spec").path("template").path("spec").path("containers");
        assertThat(containers).hasSize(1);
        assertThat(containers.get(0).path("name").asString()).isEqualTo("web");
    }

    @Test
    void serverSideApplyTakesOverFromClientSideApply() throws IOException {
        String file = kubectl.manifest("settings.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  color: blue
                """);
        assertThat(kubectl.succeed("apply", "-f", file).stdout()).contains("configmap/settings created");
        assertThat(managers(get("configmap", "settings"))).containsExactly("kubectl-client-side-apply/Update");

        Files.writeString(Path.of(file), Files.readString(Path.of(file)).replace("blue", "green"));
        assertThat(kubectl.succeed("apply", "--server-side", "-f", file).stdout())
                .contains("configmap/settings serverside-applied");

        JsonNode upgraded = get("configmap", "settings");
        assertThat(upgraded.path("data").path("color").asString()).isEqualTo("green");
        assertThat(managers(upgraded)).containsExactlyInAnyOrder("kubectl/Apply", "kubectl-last-applied/Apply");
        assertThat(fields(upgraded, "kubectl", "Apply").path("f:data").has("f:color")).isTrue();
        String lastApplied = upgraded.path("metadata").path("annotations")
                .path("kubectl.kubernetes.io/last-applied-configuration").asString();
        assertThat(Json.mapper().readTree(lastApplied).path("data").path("color").asString()).isEqualTo("green");

        Files.writeString(Path.of(file), Files.readString(Path.of(file)).replace("green", "red"));
        kubectl.succeed("apply", "--server-side", "-f", file);
        assertThat(get("configmap", "settings").path("data").path("color").asString()).isEqualTo("red");
    }
}
