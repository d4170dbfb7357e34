package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * {@code kubectl apply}: client-side (last-applied-configuration annotation and a strategic merge patch of the
 * three-way diff) and server-side.
 */
class ApplyTest {
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    @Test
    void applyCreatesThenReportsUnchangedThenConfigured(Kubectl kubectl) {
        String file = kubectl.file("settings.yaml", configMap("settings", "color: blue"));

        assertThat(kubectl.succeed("apply", "-f", file).stdout()).isEqualTo("configmap/settings created\n");
        String createdVersion = resourceVersion(kubectl, "configmap", "settings");
        assertThat(kubectl.succeed("apply", "-f", file).stdout()).isEqualTo("configmap/settings unchanged\n");
        assertThat(resourceVersion(kubectl, "configmap", "settings")).as("nothing written").isEqualTo(createdVersion);

        kubectl.file("settings.yaml", configMap("settings", "color: green"));
        assertThat(kubectl.succeed("apply", "-f", file).stdout()).isEqualTo("configmap/settings configured\n");

        JsonNode live = get(kubectl, "configmap", "settings");
        assertThat(live.path("data").path("color").asString()).isEqualTo("green");
        assertThat(Long.parseLong(live.path("metadata").path("resourceVersion").asString()))
                .isGreaterThan(Long.parseLong(createdVersion));
    }

    @Test
    void applyReadsTheManifestFromStandardInput(Kubectl kubectl) {
        KubectlResult result = kubectl.runWithInput(configMap("piped", "source: stdin"), "apply", "-f", "-");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("configmap/piped created\n");
        assertThat(get(kubectl, "configmap", "piped").path("data").path("source").asString()).isEqualTo("stdin");
    }

    @Test
    void applyRecordsTheAppliedManifestInTheLastAppliedAnnotation(Kubectl kubectl) {
        kubectl.succeed("apply", "-f", kubectl.file("recorded.yaml", configMap("recorded", "a: '1'")));

        JsonNode live = get(kubectl, "configmap", "recorded");
        JsonNode lastApplied = Json.parse(live.path("metadata").path("annotations").path(LAST_APPLIED).asString()
                .getBytes());
        assertThat(lastApplied.path("kind").asString()).isEqualTo("ConfigMap");
        assertThat(lastApplied.path("metadata").path("name").asString()).isEqualTo("recorded");
        assertThat(lastApplied.path("data").path("a").asString()).isEqualTo("1");
    }

    @Test
    void applyRemovesAKeyThatTheFileNoLongerHas(Kubectl kubectl) {
        String file = kubectl.file("trimmed.yaml", configMap("trimmed", "keep: 'yes'\n  drop: 'yes'"));
        kubectl.succeed("apply", "-f", file);
        kubectl.succeed("label", "configmap", "trimmed", "added-by=hand");

        kubectl.file("trimmed.yaml", configMap("trimmed", "keep: 'yes'"));
        assertThat(kubectl.succeed("apply", "-f", file).stdout()).isEqualTo("configmap/trimmed configured\n");

        JsonNode live = get(kubectl, "configmap", "trimmed");
        assertThat(live.path("data").propertyNames()).containsExactly("keep");
        assertThat(live.path("metadata").path("labels").path("added-by").asString())
                .as("a field the file never managed survives").isEqualTo("hand");
    }

    @Test
    void applyChangesOneContainerOfAReplicaSetAndKeepsTheOthers(Kubectl kubectl) {
        String file = kubectl.file("pair.yaml", replicaSet("pair", 1, "nginx:1.26"));
        kubectl.succeed("apply", "-f", file);

        kubectl.file("pair.yaml", replicaSet("pair", 4, "nginx:1.27"));
        assertThat(kubectl.succeed("apply", "-f", file).stdout()).isEqualTo("replicaset.apps/pair configured\n");

        JsonNode live = get(kubectl, "rs", "pair");
        assertThat(live.path("spec").path("replicas").asInt()).isEqualTo(4);
        JsonNode containers = live.path("spec").path("template").path("spec").path("containers");
        assertThat(containers).hasSize(2);
        assertThat(containers.get(0).path("name").asString()).isEqualTo("web");
        assertThat(containers.get(0).path("image").asString()).isEqualTo("nginx:1.27");
        assertThat(containers.get(1).path("name").asString()).isEqualTo("log");
        assertThat(containers.get(1).path("image").asString()).isEqualTo("busybox");
        assertThat(live.path("metadata").path("generation").asLong()).as("spec changed").isEqualTo(2);
    }

    @Test
    void serverSideApplyCreatesAndThenUpdates(Kubectl kubectl) {
        String file = kubectl.file("server.yaml", configMap("server-side", "mode: first"));

        assertThat(kubectl.succeed("apply", "--server-side", "-f", file).stdout())
                .isEqualTo("configmap/server-side serverside-applied\n");
        JsonNode created = get(kubectl, "configmap", "server-side");
        kubectl.file("server.yaml", configMap("server-side", "mode: second"));
        assertThat(kubectl.succeed("apply", "--server-side", "-f", file).stdout())
                .isEqualTo("configmap/server-side serverside-applied\n");

        JsonNode updated = get(kubectl, "configmap", "server-side");
        assertThat(updated.path("data").path("mode").asString()).isEqualTo("second");
        assertThat(updated.path("metadata").path("uid")).isEqualTo(created.path("metadata").path("uid"));
        assertThat(updated.path("metadata").path("annotations").has(LAST_APPLIED)).isFalse();
    }

    @Test
    void serverSideApplyOfAWorkloadBumpsItsGeneration(Kubectl kubectl) {
        String file = kubectl.file("ssa-rs.yaml", replicaSet("ssa-rs", 1, "nginx:1.26"));
        kubectl.succeed("apply", "--server-side", "-f", file);

        kubectl.file("ssa-rs.yaml", replicaSet("ssa-rs", 3, "nginx:1.26"));
        kubectl.succeed("apply", "--server-side", "-f", file);

        JsonNode live = get(kubectl, "rs", "ssa-rs");
        assertThat(live.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(live.path("metadata").path("generation").asLong()).isEqualTo(2);
    }

    private static JsonNode get(Kubectl kubectl, String kind, String name) {
        return Json.parse(kubectl.succeed("get", kind, name, "-o", "json").stdout().getBytes());
    }

    private static String resourceVersion(Kubectl kubectl, String kind, String name) {
        return get(kubectl, kind, name).path("metadata").path("resourceVersion").asString();
    }

    private static String configMap(String name, String data) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                data:
                  %s
                """.formatted(name, data);
    }

    private static String replicaSet(String name, int replicas, String webImage) {
        return """
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata:
                  name: %1$s
                spec:
                  replicas: %2$d
                  selector:
                    matchLabels: {app: %1$s}
                  template:
                    metadata:
                      labels: {app: %1$s}
                    spec:
                      containers:
                      - name: web
                        image: %3$s
                      - name: log
                        image: busybox
                """.formatted(name, replicas, webImage);
    }
}
