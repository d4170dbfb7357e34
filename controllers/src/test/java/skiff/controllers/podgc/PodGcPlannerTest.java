package skiff.controllers.podgc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pod garbage collector's decisions, k/k pkg/controller/podgc/gc_controller_test.go's cases (1.32). */
class PodGcPlannerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Stream<Arguments> terminated() {
        return Stream.of(
                Arguments.of("threshold 0 never deletes", List.of(pod("a", "Failed", 0), pod("b", "Succeeded", 1)),
                        0, List.of()),
                Arguments.of("at the threshold nothing goes", List.of(pod("a", "Failed", 0), pod("b", "Succeeded", 1)),
                        2, List.of()),
                Arguments.of("beyond it the oldest go", List.of(pod("c", "Failed", 2), pod("a", "Succeeded", 0),
                        pod("b", "Failed", 1)), 1, List.of("a", "b")),
                Arguments.of("running, pending and unknown pods do not count", List.of(pod("a", "Running", 0),
                        pod("b", "Pending", 1), pod("c", "Unknown", 2), pod("d", "Failed", 3)), 1, List.of()),
                Arguments.of("a pod with no phase counts as terminated", List.of(pod("a", null, 0),
                        pod("b", "Failed", 1)), 1, List.of("a")),
                Arguments.of("evicted pods go first, even when newer", List.of(pod("old", "Failed", 0),
                        evicted(pod("new", "Failed", 5))), 1, List.of("new")),
                Arguments.of("the same creation time: by name", List.of(pod("b", "Failed", 0), pod("a", "Failed", 0)),
                        1, List.of("a")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void terminated(String name, List<Pod> pods, int threshold, List<String> deleted) {
        assertThat(PodGcPlanner.terminatedBeyondThreshold(pods, threshold)).extracting(p -> p.getMetadata().getName())
                .containsExactlyElementsOf(deleted);
    }

    static Stream<Arguments> terminatingOnOutOfServiceNodes() {
        Node notReadyOutOfService = node("n1", "False", true);
        Node readyOutOfService = node("n2", "True", true);
        Node notReady = node("n3", "False", false);
        Node unknownOutOfService = node("n4", "Unknown", true);
        return Stream.of(
                Arguments.of("terminating on a NotReady out-of-service node", List.of(terminating(bound("a", "n1"))),
                        List.of("a")),
                Arguments.of("terminating on a Ready out-of-service node", List.of(terminating(bound("a", "n2"))),
                        List.of()),
                Arguments.of("terminating on a NotReady node without the taint",
                        List.of(terminating(bound("a", "n3"))), List.of()),
                Arguments.of("terminating on an Unknown out-of-service node", List.of(terminating(bound("a", "n4"))),
                        List.of("a")),
                Arguments.of("not terminating on a NotReady out-of-service node", List.of(bound("a", "n1")),
                        List.of()),
                Arguments.of("terminating on a node the informer does not have",
                        List.of(terminating(bound("a", "gone"))), List.of()))
                .map(a -> Arguments.of(a.get()[0], a.get()[1], Stream.of(notReadyOutOfService, readyOutOfService,
                        notReady, unknownOutOfService).collect(Collectors.toMap(n -> n.getMetadata().getName(),
                        Function.identity())), a.get()[2]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void terminatingOnOutOfServiceNodes(String name, List<Pod> pods, Map<String, Node> nodes, List<String> deleted) {
        assertThat(PodGcPlanner.terminatingOnOutOfServiceNodes(pods, nodes)).extracting(p -> p.getMetadata().getName())
                .containsExactlyElementsOf(deleted);
    }

    @Test
    void podsOnNodesTheInformerDoesNotKnowQuarantineTheirNodesAndOnlyConfirmedGoneNodesOrphanThem() {
        List<Pod> pods = List.of(bound("a", "known"), bound("b", "vanished"), bound("c", "late"),
                pod("d", "Pending", 0));

        assertThat(PodGcPlanner.unknownNodes(pods, Set.of("known"))).containsExactly("vanished", "late");
        assertThat(PodGcPlanner.orphaned(pods, Set.of("vanished"))).extracting(p -> p.getMetadata().getName())
                .containsExactly("b");
    }

    @Test
    void onlyTerminatingPodsWithNoNodeAreUnscheduledTerminating() {
        List<Pod> pods = List.of(terminating(pod("a", "Pending", 0)), terminating(bound("b", "n1")),
                pod("c", "Pending", 0));

        assertThat(PodGcPlanner.unscheduledTerminating(pods)).extracting(p -> p.getMetadata().getName())
                .containsExactly("a");
    }

    @Test
    void aNodeIsQuarantinedFortySecondsFromWhenItWasFirstMissed() {
        NodeQuarantine quarantine = new NodeQuarantine();
        quarantine.add("gone", T0);
        quarantine.add("gone", T0.plusSeconds(20));

        assertThat(quarantine.takeDue(T0.plus(Duration.ofSeconds(39)))).isEmpty();
        assertThat(quarantine.takeDue(T0.plus(Duration.ofSeconds(40)))).containsExactly("gone");
        assertThat(quarantine.takeDue(T0.plus(Duration.ofSeconds(60)))).isEmpty();
    }

    @Test
    void onlyPodsNotYetSucceededOrFailedAreMarkedFailed() {
        assertThat(Stream.of("Pending", "Running", "Unknown", "Succeeded", "Failed")
                .filter(phase -> PodGcPlanner.needsFailedPhase(pod("a", phase, 0))))
                .containsExactly("Pending", "Running", "Unknown");
    }

    @Test
    void anOrphanedPodIsMarkedFailedWithADisruptionTargetConditionAndItsUid() {
        Pod pod = bound("a", "gone");

        assertThat(PodGcSync.failedPatch(pod, Optional.of(PodGcSync.disruptionTarget("DeletionByPodGC",
                "PodGC: node no longer exists")), T0.plusMillis(1500)))
                .isEqualTo(Map.of("metadata", Map.of("uid", "uid-a"), "status", Map.of("phase", "Failed",
                        "conditions", List.of(Map.of("type", "DisruptionTarget", "status", "True",
                                "lastTransitionTime", "2026-01-01T00:00:01Z", "reason", "DeletionByPodGC",
                                "message", "PodGC: node no longer exists")))));
    }

    @Test
    void aConditionAlreadyTrueKeepsItsTransitionTime() {
        Pod pod = new PodBuilder(bound("a", "gone")).editStatus().addToConditions(new PodConditionBuilder()
                .withType("DisruptionTarget").withStatus("True").withLastTransitionTime("2025-12-31T00:00:00Z")
                .build()).endStatus().build();

        Map<String, Object> patch = PodGcSync.failedPatch(pod, Optional.of(PodGcSync.disruptionTarget(
                "DeletionByPodGC", "PodGC: node no longer exists")), T0);

        assertThat(patch.toString()).contains("lastTransitionTime=2025-12-31T00:00:00Z");
    }

    private static Pod pod(String name, String phase, int createdSecondsAfterT0) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid("uid-" + name)
                .withCreationTimestamp(T0.plusSeconds(createdSecondsAfterT0).toString()).endMetadata()
                .withNewSpec().endSpec().withNewStatus().withPhase(phase).endStatus().build();
    }

    private static Pod bound(String name, String node) {
        return new PodBuilder(pod(name, "Running", 0)).editSpec().withNodeName(node).endSpec().build();
    }

    private static Pod terminating(Pod pod) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp(T0.toString()).endMetadata().build();
    }

    private static Pod evicted(Pod pod) {
        return new PodBuilder(pod).editStatus().withReason("Evicted").endStatus().build();
    }

    private static Node node(String name, String ready, boolean outOfService) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready).endCondition().endStatus();
        if (outOfService) {
            b.editSpec().addNewTaint().withKey(PodGcPlanner.OUT_OF_SERVICE_TAINT).withValue("nodeshutdown")
                    .withEffect("NoExecute").endTaint().endSpec();
        }
        return b.build();
    }
}
