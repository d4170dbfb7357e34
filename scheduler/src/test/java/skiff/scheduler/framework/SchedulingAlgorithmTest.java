package skiff.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SchedulingAlgorithmTest {
    private static final CycleInputs INPUTS = CycleInputs.none(java.time.Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void thePodGoesToTheBestScoringNode() {
        NodeInfo busy = Nodes.info(Nodes.node("busy", "4", "8Gi", "110"));
        busy.addPod(Pods.requesting("existing", "3", "6Gi"));
        NodeInfo idle = Nodes.info(Nodes.node("idle", "4", "8Gi", "110"));
        SchedulingAlgorithm algorithm = new SchedulingAlgorithm(Profile.defaults(), new Random(1));

        ScheduleResult result = algorithm.schedule(Pods.requesting("p", "500m", "1Gi"), List.of(busy, idle), INPUTS);

        assertThat(result).isEqualTo(new ScheduleResult.Suggested("idle", 2, 2));
    }

    @Test
    void tiesAreBrokenAtRandomWithTheInjectedGenerator() {
        List<NodeInfo> nodes = IntStream.range(0, 4)
                .mapToObj(i -> Nodes.info(Nodes.node("n" + i, "4", "8Gi", "110"))).toList();
        Set<String> chosen = new HashSet<>();
        List<String> firstRun = new ArrayList<>();
        List<String> secondRun = new ArrayList<>();
        for (List<String> run : List.of(firstRun, secondRun)) {
            SchedulingAlgorithm algorithm = new SchedulingAlgorithm(Profile.defaults(), new Random(42));
            for (int i = 0; i < 20; i++) {
                var s = (ScheduleResult.Suggested) algorithm.schedule(Pods.pod("p" + i).build(), nodes, INPUTS);
                run.add(s.node());
            }
        }
        chosen.addAll(firstRun);

        assertThat(secondRun).as("same seed, same choices").isEqualTo(firstRun);
        assertThat(chosen).as("every tied node gets chosen sometimes").hasSize(4);
    }

    @Test
    void aPodThatFitsNowhereGetsKubernetesMessageWithThePreemptionPart() {
        NodeInfo small = Nodes.info(Nodes.node("small", "1", "8Gi", "110"));
        NodeInfo labelled = Nodes.info(Nodes.node("other", "8", "8Gi", "110"));
        NodeInfo full = Nodes.info(Nodes.node("full", "1", "8Gi", "110"));
        full.addPod(Pods.pod("low").editSpec().withPriority(-1).endSpec().build());
        Pod pod = Pods.requesting("big", "2", null);
        pod.getSpec().setAffinity(null);
        pod.getSpec().setNodeSelector(java.util.Map.of());
        Pod picky = new io.fabric8.kubernetes.api.model.PodBuilder(pod).editSpec().withNodeName("small").endSpec()
                .build();
        SchedulingAlgorithm algorithm = new SchedulingAlgorithm(Profile.defaults(), new Random(1));

        ScheduleResult result = algorithm.schedule(picky, List.of(small, labelled, full), INPUTS);

        assertThat(message(result)).isEqualTo("0/3 nodes are available: "
                + "1 Insufficient cpu, 2 node(s) didn't match the requested node name. preemption: 0/3 nodes are "
                + "available: 1 No preemption victims found for incoming pod, "
                + "2 Preemption is not helpful for scheduling..");
    }

    @Test
    void nodesWithLowerPriorityPodsThatStillDoNotFitGiveTheFilterReason() {
        NodeInfo full = Nodes.info(Nodes.node("full", "1", "8Gi", "110"));
        full.addPod(Pods.pod("low").editSpec().withPriority(-1).endSpec().build());
        SchedulingAlgorithm algorithm = new SchedulingAlgorithm(Profile.defaults(), new Random(1));

        ScheduleResult result = algorithm.schedule(Pods.requesting("big", "2", null), List.of(full), INPUTS);

        assertThat(message(result)).isEqualTo("0/1 nodes are available: 1 Insufficient cpu. "
                + "preemption: 0/1 nodes are available: 1 Insufficient cpu..");
    }

    @Test
    void aPodThatMayNotPreemptSaysSo() {
        NodeInfo small = Nodes.info(Nodes.node("small", "1", "8Gi", "110"));
        Pod pod = Pods.requesting("big", "2", null);
        pod.getSpec().setPreemptionPolicy("Never");

        ScheduleResult result = new SchedulingAlgorithm(Profile.defaults(), new Random(1))
                .schedule(pod, List.of(small), INPUTS);

        assertThat(message(result)).isEqualTo("0/1 nodes are available: 1 Insufficient cpu. "
                + "preemption: not eligible due to preemptionPolicy=Never..");
    }

    @Test
    void withoutNodesThereIsNothingToChoose() {
        ScheduleResult result = new SchedulingAlgorithm(Profile.defaults(), new Random(1))
                .schedule(Pods.pod("p").build(), List.of(), INPUTS);

        assertThat(message(result)).isEqualTo("no nodes available to schedule pods");
    }

    @Test
    void largeClustersStopFilteringOnceEnoughFeasibleNodesAreFound() {
        assertThat(SchedulingAlgorithm.feasibleNodesToFind(50)).isEqualTo(50);
        assertThat(SchedulingAlgorithm.feasibleNodesToFind(1000)).isEqualTo(420);
        assertThat(SchedulingAlgorithm.feasibleNodesToFind(5000)).isEqualTo(500);
        assertThat(SchedulingAlgorithm.feasibleNodesToFind(6000)).isEqualTo(300);
        assertThat(SchedulingAlgorithm.feasibleNodesToFind(150)).isEqualTo(100);

        List<NodeInfo> nodes = IntStream.range(0, 1000)
                .mapToObj(i -> Nodes.info(Nodes.node("n" + i, "4", "8Gi", "110"))).toList();
        SchedulingAlgorithm algorithm = new SchedulingAlgorithm(Profile.defaults(), new Random(1));
        var first = (ScheduleResult.Suggested) algorithm.schedule(Pods.pod("a").build(), nodes, INPUTS);
        var second = (ScheduleResult.Suggested) algorithm.schedule(Pods.pod("b").build(), nodes, INPUTS);

        assertThat(first.evaluated()).isEqualTo(420);
        assertThat(first.feasible()).isEqualTo(420);
        // The next pod starts where the previous one stopped (round robin over the node list).
        assertThat(Integer.parseInt(second.node().substring(1))).isBetween(420, 839);
    }

    private static String message(ScheduleResult result) {
        return ((ScheduleResult.Unschedulable) result).message();
    }
}
