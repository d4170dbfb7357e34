package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;

/** kubectl's commands that change one object in place: label, annotate, patch (three types) and scale. */
class EditingCommandsTest {
    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    @Test
    void labelAddsALabel(Kubectl kubectl) {
        createConfigMap(kubectl, "label-add");

        assertThat(kubectl.succeed("label", "configmap", "label-add", "tier=web").stdout())
                .isEqualTo("configmap/label-add labeled\n");

        assertThat(labels(kubectl, "label-add").path("tier").asString()).isEqualTo("web");
    }

    @Test
    void labelRefusesToOverwriteWithoutOverwriteAndOverwritesWithIt(Kubectl kubectl) {
        createConfigMap(kubectl, "label-overwrite");
        kubectl.succeed("label", "configmap", "label-overwrite", "tier=web");

        KubectlResult refused = kubectl.run("label", "configmap", "label-overwrite", "tier=db");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).isEqualTo("error: 'tier' already has a value (web), and --overwrite is false\n");
        assertThat(labels(kubectl, "label-overwrite").path("tier").asString()).isEqualTo("web");

        kubectl.succeed("label", "configmap", "label-overwrite", "tier=db", "--overwrite");
        assertThat(labels(kubectl, "label-overwrite").path("tier").asString()).isEqualTo("db");
    }

    @Test
    void labelWithATrailingDashRemovesTheLabel(Kubectl kubectl) {
        createConfigMap(kubectl, "label-remove");
        kubectl.succeed("label", "configmap", "label-remove", "tier=web", "team=blue");

        assertThat(kubectl.succeed("label", "configmap", "label-remove", "tier-").stdout())
                .isEqualTo("configmap/label-remove unlabeled\n");

        JsonNode labels = labels(kubectl, "label-remove");
        assertThat(labels.propertyNames()).containsExactly("team");
    }

    @Test
    void removingTheLastLabelLeavesNoLabelsAtAll(Kubectl kubectl) {
        createConfigMap(kubectl, "label-last");
        kubectl.succeed("label", "configmap", "label-last", "tier=web");

        kubectl.succeed("label", "configmap", "label-last", "tier-");

        assertThat(kubectl.succeed("get", "configmap", "label-last", "-o", "jsonpath={.metadata.labels}").stdout())
                .isEmpty();
    }

    @Test
    void annotateAddsAndRemovesAnnotations(Kubectl kubectl) {
        createConfigMap(kubectl, "annotated");

        assertThat(kubectl.succeed("annotate", "configmap", "annotated", "owner=team-a", "note=hello world")
                .stdout()).isEqualTo("configmap/annotated annotated\n");
        JsonNode annotations = get(kubectl, "configmap", "annotated").path("metadata").path("annotations");
        assertThat(annotations.path("owner").asString()).isEqualTo("team-a");
        assertThat(annotations.path("note").asString()).isEqualTo("hello world");

        kubectl.succeed("annotate", "configmap", "annotated", "owner-");
        annotations = get(kubectl, "configmap", "annotated").path("metadata").path("annotations");
        assertThat(annotations.propertyNames()).containsExactly("note");
    }

    @Test
    void mergePatchSetsAndDeletesKeys(Kubectl kubectl) {
        createConfigMap(kubectl, "merged");

        assertThat(kubectl.succeed("patch", "configmap", "merged", "--type", "merge",
                "-p", "{\"data\":{\"added\":\"1\",\"color\":null}}").stdout())
                .isEqualTo("configmap/merged patched\n");

        assertThat(Json.string(get(kubectl, "configmap", "merged").path("data"))).isEqualTo("{\"added\":\"1\"}");
    }

    @Test
    void jsonPatchAppliesItsOperationsInOrder(Kubectl kubectl) {
        createConfigMap(kubectl, "json-patched");

        kubectl.succeed("patch", "configmap", "json-patched", "--type", "json", "-p", """
                [{"op":"add","path":"/data/shape","value":"round"},
                 {"op":"replace","path":"/data/color","value":"green"},
                 {"op":"test","path":"/data/shape","value":"round"}]""");

        JsonNode data = get(kubectl, "configmap", "json-patched").path("data");
        assertThat(data.path("color").asString()).isEqualTo("green");
        assertThat(data.path("shape").asString()).isEqualTo("round");
    }

    @Test
    void aFailingJsonPatchTestOperationChangesNothing(Kubectl kubectl) {
        createConfigMap(kubectl, "json-refused");

        KubectlResult result = kubectl.run("patch", "configmap", "json-refused", "--type", "json", "-p", """
                [{"op":"replace","path":"/data/color","value":"green"},
                 {"op":"test","path":"/data/color","value":"purple"}]""");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).as("a 422 without field causes").startsWith("The request is invalid: ");
        assertThat(get(kubectl, "configmap", "json-refused").path("data").path("color").asString())
                .isEqualTo("blue");
    }

    @Test
    void strategicPatchMergesContainersByName(Kubectl kubectl) {
        kubectl.succeed("create", "-f", kubectl.file("deploy.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: patched}
                spec:
                  selector:
                    matchLabels: {app: patched}
                  template:
                    metadata:
                      labels: {app: patched}
                    spec:
                      containers:
                      - {name: web, image: nginx:1.26}
                      - {name: log, image: busybox}
                """));

        kubectl.succeed("patch", "deployment", "patched", "--type", "strategic", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.27\"}]}}}}");

        JsonNode deployment = get(kubectl, "deployment", "patched");
        JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
        assertThat(containers).hasSize(2);
        assertThat(containers.get(0).path("image").asString()).isEqualTo("nginx:1.27");
        assertThat(containers.get(1).path("image").asString()).isEqualTo("busybox");
        assertThat(deployment.path("metadata").path("generation").asLong()).isEqualTo(2);
    }

    @Test
    void scaleSetsTheReplicasOfAReplicaSet(Kubectl kubectl) {
        kubectl.succeed("create", "-f", kubectl.file("rs.yaml", """
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: scaled}
                spec:
                  replicas: 1
                  selector:
                    matchLabels: {app: scaled}
                  template:
                    metadata:
                      labels: {app: scaled}
                    spec:
                      containers:
                      - {name: web, image: nginx}
                """));

        assertThat(kubectl.succeed("scale", "rs", "scaled", "--replicas=3").stdout())
                .isEqualTo("replicaset.apps/scaled scaled\n");

        JsonNode rs = get(kubectl, "rs", "scaled");
        assertThat(rs.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(rs.path("metadata").path("generation").asLong()).isEqualTo(2);
        KubectlTable table = KubectlTable.parse(kubectl.succeed("get", "rs", "scaled").stdout());
        assertThat(table.rowWhere("NAME", "scaled").get(1)).as("DESIRED").isEqualTo("3");
    }

    @Test
    void scaleWithAWrongCurrentReplicasChangesNothing(Kubectl kubectl) {
        kubectl.succeed("create", "-f", kubectl.file("rs.yaml", """
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: guarded}
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app: guarded}
                  template:
                    metadata:
                      labels: {app: guarded}
                    spec:
                      containers:
                      - {name: web, image: nginx}
                """));

        KubectlResult result = kubectl.run("scale", "rs", "guarded", "--current-replicas=5", "--replicas=3");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(get(kubectl, "rs", "guarded").path("spec").path("replicas").asInt()).isEqualTo(2);
    }

    private static void createConfigMap(Kubectl kubectl, String name) {
        kubectl.succeed("create", "-f", kubectl.file(name + ".yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: %s}
                data: {color: blue}
                """.formatted(name)));
    }

    private static JsonNode labels(Kubectl kubectl, String configMap) {
        return get(kubectl, "configmap", configMap).path("metadata").path("labels");
    }

    private static JsonNode get(Kubectl kubectl, String kind, String name) {
        return Json.parse(kubectl.succeed("get", kind, name, "-o", "json").stdout().getBytes());
    }
}
