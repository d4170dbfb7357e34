package skiff.controllers.podautoscaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The replica calculator's cases from k/k replica_calculator_test.go (1.32), on a fixed time. */
class ReplicaCalculatorTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final ReplicaCalculator CALCULATOR = new ReplicaCalculator(HorizontalOptions.defaults());

    /** A pod: its phase, whether it is ready, when it started and became (un)ready, its cpu request and usage. */
    record PodCase(String phase, boolean ready, Duration startedAgo, Duration transitionAgo, long requestMilli,
            Long usageMilli, boolean deleting) {
        static PodCase running(long request, Long usage) {
            return new PodCase("Running", true, Duration.ofMinutes(10), Duration.ofMinutes(9), request, usage, false);
        }
    }

    record Case(String name, int current, int target, List<PodCase> pods, int replicas, int utilization) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> utilizationCases() {
        return Stream.of(
                new Case("scale up by the usage ratio", 3, 30, List.of(PodCase.running(1000, 300L),
                        PodCase.running(1000, 500L), PodCase.running(1000, 700L)), 5, 50),
                new Case("scale down by the usage ratio", 5, 50, List.of(PodCase.running(1000, 100L),
                        PodCase.running(1000, 300L), PodCase.running(1000, 500L), PodCase.running(1000, 250L),
                        PodCase.running(1000, 250L)), 3, 28),
                new Case("within the tolerance keeps the replicas", 3, 100, List.of(PodCase.running(1000, 1050L),
                        PodCase.running(1000, 1000L), PodCase.running(1000, 950L)), 3, 100),
                new Case("an unready pod counts as idle on a scale-up", 3, 30, List.of(
                        new PodCase("Running", false, Duration.ofSeconds(20), Duration.ofSeconds(10), 1000, 100L,
                                false),
                        PodCase.running(1000, 500L), PodCase.running(1000, 700L)), 4, 60),
                new Case("a pending pod counts as idle on a scale-up", 3, 30, List.of(
                        new PodCase("Pending", false, null, null, 1000, null, false),
                        PodCase.running(1000, 500L), PodCase.running(1000, 700L)), 4, 60),
                new Case("a missing pod counts at its request on a scale-down", 4, 50, List.of(
                        PodCase.running(1000, null), PodCase.running(1000, 100L), PodCase.running(1000, 100L),
                        PodCase.running(1000, 100L)), 3, 10),
                new Case("a missing pod counts as idle on a scale-up", 4, 30, List.of(
                        PodCase.running(1000, null), PodCase.running(1000, 500L), PodCase.running(1000, 700L),
                        PodCase.running(1000, 600L)), 6, 60),
                new Case("a pod being deleted is ignored", 3, 30, List.of(
                        new PodCase("Running", true, Duration.ofMinutes(10), Duration.ofMinutes(9), 1000, 5000L, true),
                        PodCase.running(1000, 600L), PodCase.running(1000, 600L)), 4, 60),
                new Case("missing pods that would turn a scale-down around keep the replicas", 3, 90, List.of(
                        PodCase.running(1000, null), PodCase.running(1000, null), PodCase.running(1000, 700L)),
                        3, 70),
                new Case("a pod ready for less than a metric window is unready within cpu initialization", 2, 30,
                        List.of(new PodCase("Running", true, Duration.ofMinutes(1), Duration.ofSeconds(10), 1000,
                                900L, false), PodCase.running(1000, 900L)), 3, 90));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("utilizationCases")
    void utilizationTargets(Case c) throws MetricsUnavailableException {
        List<Pod> pods = new ArrayList<>();
        Map<String, PodMetric> metrics = new HashMap<>();
        for (int i = 0; i < c.pods().size(); i++) {
            PodCase p = c.pods().get(i);
            pods.add(pod("p" + i, p));
            if (p.usageMilli() != null) {
                metrics.put("p" + i, new PodMetric(p.usageMilli(), NOW.minusSeconds(5), Duration.ofSeconds(30)));
            }
        }

        ReplicaCalculator.UtilizationProposal proposal = CALCULATOR.resourceReplicas(c.current(), c.target(), "cpu",
                "", metrics, pods, NOW);

        assertThat(proposal.replicas()).isEqualTo(c.replicas());
        assertThat(proposal.utilization()).isEqualTo(c.utilization());
    }

    @Test
    void anAverageValueTargetScalesByTheAverageUsage() throws MetricsUnavailableException {
        List<Pod> pods = List.of(pod("a", PodCase.running(1000, 0L)), pod("b", PodCase.running(1000, 0L)));
        Map<String, PodMetric> metrics = Map.of(
                "a", new PodMetric(400_000, NOW, Duration.ofSeconds(30)),
                "b", new PodMetric(600_000, NOW, Duration.ofSeconds(30)));

        ReplicaCalculator.ValueProposal proposal = CALCULATOR.rawResourceReplicas(2, 200_000, "memory", metrics, pods,
                NOW);

        assertThat(proposal.usage()).isEqualTo(500_000);
        assertThat(proposal.replicas()).isEqualTo(5);
    }

    @Test
    void aContainerWithoutARequestIsAnError() {
        Pod pod = pod("a", PodCase.running(1000, 100L));
        pod.getSpec().getContainers().get(0).getResources().setRequests(Map.of());

        assertThatThrownBy(() -> CALCULATOR.resourceReplicas(1, 50, "cpu", "",
                Map.of("a", new PodMetric(100, NOW, Duration.ofSeconds(30))), List.of(pod), NOW))
                .hasMessage("missing request for cpu in container app of Pod a");
    }

    @Test
    void noReadyPodWithMetricsIsAnError() {
        Pod pending = pod("a", new PodCase("Pending", false, null, null, 1000, null, false));

        assertThatThrownBy(() -> CALCULATOR.resourceReplicas(1, 50, "cpu", "", Map.of(), List.of(pending), NOW))
                .hasMessage("did not receive metrics for targeted pods (pods might be unready)");
    }

    private static Pod pod(String name, PodCase p) {
        PodBuilder builder = new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withNewResources()
                .addToRequests("cpu", new Quantity(p.requestMilli() + "m")).endResources().endContainer().endSpec()
                .withNewStatus().withPhase(p.phase()).endStatus();
        if (p.deleting()) {
            builder.editMetadata().withDeletionTimestamp(NOW.toString()).endMetadata();
        }
        if (p.startedAgo() != null) {
            builder.editStatus().withStartTime(NOW.minus(p.startedAgo()).toString())
                    .addNewCondition().withType("Ready").withStatus(p.ready() ? "True" : "False")
                    .withLastTransitionTime(NOW.minus(p.transitionAgo()).toString()).endCondition().endStatus();
        }
        return builder.build();
    }
}
