package skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static skiff.apiserver.registry.TestCluster.json;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/**
 * A write that loses a race to another writer is recomputed on the newer object unless it pins a resourceVersion,
 * as k/k storage GuaranteedUpdate does: kubectl patch and scale never fail because a controller wrote status.
 */
class ConcurrentUpdateTest {
    private final TestCluster cluster = new TestCluster();
    private final ResourceStorage replicaSets = cluster.storage("apps", "replicasets");

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aChangeThatLosesARaceIsAppliedAgainToTheNewerObject() {
        replicaSets.create("default", replicaSet(), WriteOptions.DEFAULT);
        AtomicInteger calls = new AtomicInteger();

        WriteOutcome outcome = replicaSets.modify("default", "web", ObjectPart.MAIN, WriteOptions.DEFAULT,
                racingStatusWrite(calls, current -> {
                    current.withObject("spec").put("replicas", 5);
                    return current;
                }), null);

        assertThat(calls).hasValue(2);
        ObjectNode stored = replicaSets.get("default", "web");
        assertThat(stored.path("spec").path("replicas").asInt()).isEqualTo(5);
        assertThat(stored.path("status").path("replicas").asInt()).isEqualTo(3);
        assertThat(outcome.object().path("metadata").path("resourceVersion"))
                .isEqualTo(stored.path("metadata").path("resourceVersion"));
    }

    @Test
    void aScaleThatLosesARaceIsAppliedAgain() {
        replicaSets.create("default", replicaSet(), WriteOptions.DEFAULT);

        replicaSets.modifyScale("default", "web", WriteOptions.DEFAULT,
                racingStatusWrite(new AtomicInteger(), current -> {
                    current.withObject("spec").put("replicas", 7);
                    return current;
                }));

        assertThat(replicaSets.get("default", "web").path("spec").path("replicas").asInt()).isEqualTo(7);
    }

    @Test
    void aPinnedResourceVersionThatLosesARaceIsAConflict() {
        replicaSets.create("default", replicaSet(), WriteOptions.DEFAULT);
        ObjectNode read = replicaSets.get("default", "web");
        String pinned = read.path("metadata").path("resourceVersion").asString();

        assertThatThrownBy(() -> replicaSets.modify("default", "web", ObjectPart.MAIN, WriteOptions.DEFAULT,
                racingStatusWrite(new AtomicInteger(), current -> {
                    ObjectNode wanted = read.deepCopy();
                    wanted.withObject("metadata").put("resourceVersion", pinned);
                    wanted.withObject("spec").put("replicas", 5);
                    return wanted;
                }), null))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(409));
        assertThat(replicaSets.get("default", "web").path("spec").path("replicas").asInt()).isEqualTo(1);
    }

    /** Runs {@code change}, but the first time lets another writer update the status before the change is stored. */
    private UnaryOperator<ObjectNode> racingStatusWrite(AtomicInteger calls, UnaryOperator<ObjectNode> change) {
        return current -> {
            if (calls.getAndIncrement() == 0) {
                replicaSets.modify("default", "web", ObjectPart.STATUS, WriteOptions.DEFAULT, other -> {
                    other.withObject("status").put("replicas", 3);
                    return other;
                }, null);
            }
            return change.apply(current);
        };
    }

    private static ObjectNode replicaSet() {
        return json("""
                {"metadata": {"name": "web"}, "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                 "template": {"metadata": {"labels": {"app": "web"}},
                              "spec": {"containers": [{"name": "app", "image": "nginx"}]}}}}""");
    }
}
