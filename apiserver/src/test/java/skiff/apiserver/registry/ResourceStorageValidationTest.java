package skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static skiff.apiserver.registry.TestCluster.json;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/** The generic registry runs metadata and strategy validation on create and on every update, and stores nothing bad. */
class ResourceStorageValidationTest {
    private final TestCluster cluster = new TestCluster();
    private final ResourceStorage replicaSets = cluster.storage("apps", "replicasets");
    private final ResourceStorage configMaps = cluster.storage("", "configmaps");

    @AfterEach
    void close() {
        cluster.close();
    }

    private static ObjectNode replicaSet(String name) {
        return json("""
                {"metadata": {"name": "%s"}, "spec": {"selector": {"matchLabels": {"app": "web"}},
                 "template": {"metadata": {"labels": {"app": "web"}},
                              "spec": {"containers": [{"name": "app", "image": "nginx"}]}}}}""".formatted(name));
    }

    @Test
    void labelsAreValidatedOnUpdateToo() {
        configMaps.create("default", json("{\"metadata\": {\"name\": \"settings\"}}"), WriteOptions.DEFAULT);
        ObjectNode update = configMaps.get("default", "settings");
        update.withObject("metadata").putObject("labels").put("tier", "-front");

        assertThatThrownBy(() -> configMaps.update("default", "settings", update, WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).startsWith("ConfigMap \"settings\" is invalid: metadata.labels: "
                            + "Invalid value: \"-front\": a valid label must be an empty string");
                });
        assertThat(configMaps.get("default", "settings").path("metadata").has("labels")).isFalse();
    }

    @Test
    void anInvalidWorkloadIsNotStoredAndItsKindIsGroupQualified() {
        ObjectNode rs = replicaSet("web");
        rs.withObject("spec").put("replicas", -1);

        assertThatThrownBy(() -> replicaSets.create("default", rs, WriteOptions.DEFAULT))
                .hasMessage("ReplicaSet.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater "
                        + "than or equal to 0");
        assertThat(replicaSets.find("default", "web")).isEmpty();
    }

    @Test
    void aWorkloadUpdateRunsTheKindsUpdateRules() {
        replicaSets.create("default", replicaSet("web"), WriteOptions.DEFAULT);
        ObjectNode update = replicaSets.get("default", "web");
        update.withObject("spec").withObject("selector").withObject("matchLabels").put("tier", "front");
        update.withObject("spec").withObject("template").withObject("metadata").withObject("labels")
                .put("tier", "front");

        assertThatThrownBy(() -> replicaSets.update("default", "web", update, WriteOptions.DEFAULT))
                .hasMessage("ReplicaSet.apps \"web\" is invalid: spec.selector: Invalid value: "
                        + "{\"matchLabels\":{\"app\":\"web\",\"tier\":\"front\"}}: field is immutable");
    }

    @Test
    void aDryRunCreateIsValidatedLikeAnyOther() {
        ObjectNode rs = replicaSet("web");
        rs.withObject("spec").remove("selector");

        assertThatThrownBy(() -> replicaSets.create("default", rs, new WriteOptions(true, null)))
                .isInstanceOf(StatusException.class)
                .hasMessageStartingWith("ReplicaSet.apps \"web\" is invalid: [spec.selector: Required value, ");
    }
}
