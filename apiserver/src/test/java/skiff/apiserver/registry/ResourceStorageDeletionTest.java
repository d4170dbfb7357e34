package skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static skiff.apiserver.registry.TestCluster.json;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/** Deleting through the generic registry: grace periods, garbage-collector finalizers and preconditions. */
class ResourceStorageDeletionTest {
    private final TestCluster cluster = new TestCluster();
    private final ResourceStorage pods = cluster.storage("", "pods");
    private final ResourceStorage configMaps = cluster.storage("", "configmaps");

    @AfterEach
    void close() {
        cluster.close();
    }

    private ObjectNode createPod(String name, String nodeName) {
        ObjectNode pod = json("""
                {"metadata": {"name": "%s"}, "spec": {"terminationGracePeriodSeconds": 30,
                 "containers": [{"name": "app", "image": "nginx"}]}}""".formatted(name));
        if (nodeName != null) {
            pod.withObject("spec").put("nodeName", nodeName);
        }
        return pods.create("default", pod, WriteOptions.DEFAULT);
    }

    private ObjectNode createConfigMap(String name, String... finalizers) {
        ObjectNode cm = json("{\"metadata\": {\"name\": \"" + name + "\"}, \"data\": {\"k\": \"v\"}}");
        for (String f : finalizers) {
            cm.withObject("metadata").withArray("finalizers").add(f);
        }
        return configMaps.create("default", cm, WriteOptions.DEFAULT);
    }

    private static DeleteOptions grace(long seconds) {
        return DeleteOptions.DEFAULT.withGracePeriod(seconds);
    }

    private static DeleteOptions policy(String policy) {
        return new DeleteOptions(null, policy, null, null, null, false);
    }

    private static List<String> finalizers(ObjectNode object) {
        return DeletionFinalizers.finalizers(object);
    }

    @Test
    void aScheduledPodIsMarkedToGoWhenItsGracePeriodEnds() {
        createPod("web", "node-1");

        DeleteResult result = pods.delete("default", "web", DeleteOptions.DEFAULT);

        assertThat(result).isInstanceOf(DeleteResult.MarkedForDeletion.class);
        ObjectNode stored = pods.get("default", "web");
        assertThat(stored.path("metadata").path("deletionTimestamp").asString()).isEqualTo("2026-03-01T10:00:30Z");
        assertThat(stored.path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(30);
    }

    @Test
    void aLongerGracePeriodLeavesAGracefulDeletionAsItWas() {
        createPod("web", "node-1");
        pods.delete("default", "web", DeleteOptions.DEFAULT);
        ObjectNode marked = pods.get("default", "web");
        cluster.clock.advance(Duration.ofSeconds(5));

        DeleteResult result = pods.delete("default", "web", grace(60));

        assertThat(result).isInstanceOf(DeleteResult.AlreadyDeleting.class);
        assertThat(pods.get("default", "web")).isEqualTo(marked);
    }

    @Test
    void aShorterGracePeriodMovesTheDeletionTimestampForward() {
        createPod("web", "node-1");
        pods.delete("default", "web", DeleteOptions.DEFAULT);
        cluster.clock.advance(Duration.ofSeconds(5));

        pods.delete("default", "web", grace(10));

        ObjectNode stored = pods.get("default", "web");
        assertThat(stored.path("metadata").path("deletionTimestamp").asString()).isEqualTo("2026-03-01T10:00:10Z");
        assertThat(stored.path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(10);
    }

    @Test
    void aZeroGraceDeleteMarksThePodThenRemovesIt() {
        createPod("web", "node-1");
        pods.delete("default", "web", DeleteOptions.DEFAULT);
        long before = cluster.store.currentRevision();

        DeleteResult result = pods.delete("default", "web", grace(0));

        assertThat(result).isInstanceOf(DeleteResult.DeletedNow.class);
        assertThat(result.object().path("metadata").path("deletionGracePeriodSeconds").asLong()).isZero();
        assertThat(pods.find("default", "web")).isEmpty();
        assertThat(cluster.store.currentRevision()).as("one write marks, one deletes").isEqualTo(before + 2);
    }

    @Test
    void anUnscheduledPodGoesAtOnce() {
        createPod("pending", null);

        assertThat(pods.delete("default", "pending", DeleteOptions.DEFAULT))
                .isInstanceOf(DeleteResult.DeletedNow.class);
        assertThat(pods.find("default", "pending")).isEmpty();
    }

    @Test
    void aNegativeGracePeriodIsOneSecond() {
        createPod("web", "node-1");

        pods.delete("default", "web", grace(-7));

        assertThat(pods.get("default", "web").path("metadata").path("deletionGracePeriodSeconds").asLong())
                .isEqualTo(1);
    }

    @Test
    void aDryRunDeleteChangesNothing() {
        ObjectNode created = createPod("web", "node-1");
        createConfigMap("settings");

        DeleteResult pod = pods.delete("default", "web", new DeleteOptions(null, null, null, null, null, true));
        DeleteResult cm = configMaps.delete("default", "settings",
                new DeleteOptions(null, null, null, null, null, true));

        assertThat(pod.object().path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(30);
        assertThat(cm).isInstanceOf(DeleteResult.DeletedNow.class);
        assertThat(Json.string(pods.get("default", "web"))).isEqualTo(Json.string(created));
        assertThat(configMaps.find("default", "settings")).isPresent();
    }

    @Test
    void aUidPreconditionThatDoesNotMatchIsAConflict() {
        ObjectNode cm = createConfigMap("settings");
        String uid = cm.path("metadata").path("uid").asString();

        assertThatThrownBy(() -> configMaps.delete("default", "settings",
                new DeleteOptions(null, null, null, "other-uid", null, false)))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.getMessage()).isEqualTo("Operation cannot be fulfilled on ConfigMap \"settings\": "
                            + "the UID in the precondition (other-uid) does not match the UID in record (" + uid
                            + "). The object might have been deleted and then recreated");
                });
        assertThat(configMaps.find("default", "settings")).isPresent();
    }

    @Test
    void aResourceVersionPreconditionThatDoesNotMatchIsAConflict() {
        ObjectNode cm = createConfigMap("settings");
        String rv = cm.path("metadata").path("resourceVersion").asString();

        assertThatThrownBy(() -> configMaps.delete("default", "settings",
                new DeleteOptions(null, null, null, null, "1", false)))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "Operation cannot be fulfilled on ConfigMap \"settings\": the ResourceVersion in the "
                                + "precondition (1) does not match the ResourceVersion in record (" + rv
                                + "). The object might have been modified"));
    }

    @Test
    void matchingPreconditionsDelete() {
        ObjectNode cm = createConfigMap("settings");

        configMaps.delete("default", "settings", new DeleteOptions(null, null, null,
                cm.path("metadata").path("uid").asString(), cm.path("metadata").path("resourceVersion").asString(),
                false));

        assertThat(configMaps.find("default", "settings")).isEmpty();
    }

    @Test
    void foregroundDeletionAddsItsFinalizerAndMarksTheObject() {
        createConfigMap("settings");

        DeleteResult result = configMaps.delete("default", "settings", policy("Foreground"));

        assertThat(result).isInstanceOf(DeleteResult.MarkedForDeletion.class);
        ObjectNode stored = configMaps.get("default", "settings");
        assertThat(finalizers(stored)).containsExactly("foregroundDeletion");
        assertThat(stored.path("metadata").path("deletionTimestamp").asString()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(stored.path("metadata").path("deletionGracePeriodSeconds").asLong()).isZero();
    }

    @Test
    void orphanDeletionAddsTheOrphanFinalizer() {
        createConfigMap("settings", "example.com/keep");

        configMaps.delete("default", "settings", policy("Orphan"));

        assertThat(finalizers(configMaps.get("default", "settings"))).containsExactly("example.com/keep", "orphan");
    }

    @Test
    void theDeprecatedOrphanFlagMapsToOrphanAndBackground() {
        createConfigMap("kept");
        createConfigMap("gone");

        configMaps.delete("default", "kept", new DeleteOptions(null, null, true, null, null, false));
        configMaps.delete("default", "gone", new DeleteOptions(null, null, false, null, null, false));

        assertThat(finalizers(configMaps.get("default", "kept"))).containsExactly("orphan");
        assertThat(configMaps.find("default", "gone")).isEmpty();
    }

    @Test
    void replicationControllersOrphanTheirPodsByDefaultAndReplicaSetsDoNot() {
        ResourceStorage rcs = cluster.storage("", "replicationcontrollers");
        ResourceStorage rss = cluster.storage("apps", "replicasets");
        String template = """
                "template": {"metadata": {"labels": {"app": "web"}},
                             "spec": {"containers": [{"name": "app", "image": "nginx"}]}}""";
        rcs.create("default", json("{\"metadata\": {\"name\": \"rc\"}, \"spec\": {" + template + "}}"),
                WriteOptions.DEFAULT);
        rss.create("default", json("{\"metadata\": {\"name\": \"rs\"}, \"spec\": {\"selector\": {\"matchLabels\": "
                + "{\"app\": \"web\"}}, " + template + "}}"), WriteOptions.DEFAULT);

        rcs.delete("default", "rc", DeleteOptions.DEFAULT);
        rss.delete("default", "rs", DeleteOptions.DEFAULT);

        assertThat(finalizers(rcs.get("default", "rc"))).containsExactly("orphan");
        assertThat(rss.find("default", "rs")).isEmpty();
    }

    @Test
    void aLaterDeleteMaySwitchThePropagationPolicyOfAMarkedObject() {
        createConfigMap("settings");
        configMaps.delete("default", "settings", policy("Orphan"));

        configMaps.delete("default", "settings", policy("Foreground"));

        assertThat(finalizers(configMaps.get("default", "settings"))).containsExactly("foregroundDeletion");
    }

    @Test
    void removingTheLastFinalizerOfAMarkedObjectDeletesIt() {
        createConfigMap("settings", "example.com/keep");
        configMaps.delete("default", "settings", DeleteOptions.DEFAULT);

        configMaps.modify("default", "settings", ObjectPart.MAIN, WriteOptions.DEFAULT, cm -> {
            cm.withObject("metadata").putArray("finalizers");
            return cm;
        }, null);

        assertThat(configMaps.find("default", "settings")).isEmpty();
    }

    @Test
    void noFinalizerMayBeAddedToAnObjectBeingDeleted() {
        createConfigMap("settings", "example.com/keep");
        configMaps.delete("default", "settings", DeleteOptions.DEFAULT);
        ObjectNode marked = configMaps.get("default", "settings");
        marked.withObject("metadata").withArray("finalizers").add("example.com/late");

        assertThatThrownBy(() -> configMaps.update("default", "settings", marked, WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("ConfigMap \"settings\" is invalid: metadata.finalizers: "
                            + "Forbidden: no new finalizers can be added if the object is being deleted, found new "
                            + "finalizers []string{\"example.com/late\"}");
                });
    }

    @Test
    void anUpdateKeepsTheDeletionFieldsItLeavesOut() {
        createConfigMap("settings", "example.com/keep");
        configMaps.delete("default", "settings", DeleteOptions.DEFAULT);
        ObjectNode marked = configMaps.get("default", "settings");
        marked.withObject("metadata").remove("deletionTimestamp");
        marked.withObject("metadata").remove("deletionGracePeriodSeconds");
        marked.withObject("data").put("k", "w");

        ObjectNode updated = configMaps.update("default", "settings", marked, WriteOptions.DEFAULT).object();

        assertThat(updated.path("metadata").path("deletionTimestamp").asString()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(updated.path("metadata").path("deletionGracePeriodSeconds").asLong()).isZero();
    }

    @Test
    void anUpdateMayNotChangeTheDeletionGracePeriod() {
        createPod("web", "node-1");
        pods.delete("default", "web", DeleteOptions.DEFAULT);
        ObjectNode marked = pods.get("default", "web");
        marked.withObject("metadata").put("deletionGracePeriodSeconds", 5);

        assertThatThrownBy(() -> pods.update("default", "web", marked, WriteOptions.DEFAULT))
                .hasMessage("Pod \"web\" is invalid: metadata.deletionGracePeriodSeconds: Invalid value: 5: "
                        + "field is immutable");
    }
}
