package skiff.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.scheduler.framework.PreemptionPods.budget;
import static skiff.scheduler.framework.PreemptionPods.node;
import static skiff.scheduler.framework.PreemptionPods.pod;
import static skiff.scheduler.framework.PreemptionPods.preemptor;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Preemption as the scheduling algorithm runs it for a pod no node fits. */
class DefaultPreemptionTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private final SchedulingAlgorithm algorithm = new SchedulingAlgorithm(Profile.defaults(), new Random(7));

    @Test
    void theNodeWhoseVictimsNoBudgetProtectsIsChosen() {
        NodeInfo guarded = node("guarded", "2", pod("web-1", 1, "2", 0, Map.of("app", "web")));
        NodeInfo free = node("free", "2", pod("batch-1", 5, "2", 0));

        for (int i = 0; i < 10; i++) { // whichever node the dry run starts at
            ScheduleResult result = algorithm.schedule(preemptor(100, "2"), List.of(guarded, free),
                    inputs(null, List.of(budget("web", 0))));

            assertThat(outcome(result)).isInstanceOfSatisfying(PreemptionOutcome.Preempt.class, p -> {
                assertThat(p.candidate().node()).isEqualTo("free");
                assertThat(p.candidate().victims()).extracting(v -> v.getMetadata().getName())
                        .containsExactly("batch-1");
                assertThat(p.candidate().pdbViolations()).isZero();
            });
            assertThat(((ScheduleResult.Unschedulable) result).message())
                    .isEqualTo("0/2 nodes are available: 2 Insufficient cpu.");
        }
    }

    @Test
    void whenEveryNodeViolatesABudgetTheFewestViolationsWin() {
        Map<String, String> web = Map.of("app", "web");
        NodeInfo two = node("two", "2", pod("w1", 1, "1", 0, web), pod("w2", 1, "1", 0, web));
        NodeInfo one = node("one", "2", pod("w3", 1, "2", 0, web));

        ScheduleResult result = algorithm.schedule(preemptor(100, "2"), List.of(two, one),
                inputs(null, List.of(budget("web", 0))));

        assertThat(outcome(result)).isInstanceOfSatisfying(PreemptionOutcome.Preempt.class,
                p -> assertThat(p.candidate().node()).isEqualTo("one"));
    }

    @Test
    void noLowerPriorityPodsMeansNoCandidateAndSaysWhyPerNode() {
        NodeInfo same = node("same", "2", pod("peer", 100, "2", 0));
        NodeInfo tooSmall = node("tiny", "1", pod("low", 1, "1", 0));
        Pod pod = new PodBuilder(preemptor(100, "2")).editSpec().withNodeSelector(Map.of("disk", "ssd")).endSpec()
                .build();

        ScheduleResult result = algorithm.schedule(preemptor(100, "2"), List.of(same, tooSmall),
                inputs(null, List.of()));
        ScheduleResult nowhere = algorithm.schedule(pod, List.of(same, tooSmall), inputs(null, List.of()));

        assertThat(outcome(result)).isInstanceOf(PreemptionOutcome.NoCandidate.class);
        assertThat(((ScheduleResult.Unschedulable) result).message()).isEqualTo("0/2 nodes are available: "
                + "2 Insufficient cpu. preemption: 0/2 nodes are available: 1 Insufficient cpu, "
                + "1 No preemption victims found for incoming pod..");
        assertThat(((ScheduleResult.Unschedulable) nowhere).message()).isEqualTo("0/2 nodes are available: "
                + "2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: "
                + "2 Preemption is not helpful for scheduling..");
    }

    @Test
    void aPodThatAlreadyPreemptedWaitsWhileItsVictimTerminates() {
        Pod terminating = new PodBuilder(pod("low", 1, "2", 0)).editMetadata()
                .withDeletionTimestamp("2026-01-01T11:59:00Z").endMetadata().editStatus()
                .addToConditions(new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
                        .withReason("PreemptionByScheduler").build()).endStatus().build();
        NodeInfo nominated = node("n1", "2", terminating);
        NodeInfo other = node("n2", "2", pod("other", 1, "2", 0));

        ScheduleResult waiting = algorithm.schedule(preemptor(100, "2"), List.of(nominated, other),
                inputs("n1", List.of()));
        ScheduleResult fresh = algorithm.schedule(preemptor(100, "2"), List.of(nominated, other),
                inputs(null, List.of()));

        assertThat(outcome(waiting)).isEqualTo(new PreemptionOutcome.NotEligible(
                "preemption: not eligible due to a terminating pod on the nominated node."));
        assertThat(((ScheduleResult.Unschedulable) waiting).message()).isEqualTo("0/2 nodes are available: "
                + "2 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node..");
        assertThat(outcome(fresh)).isInstanceOf(PreemptionOutcome.Preempt.class);
    }

    @Test
    void aPodWithPreemptionPolicyNeverDoesNotPreempt() {
        Pod never = new PodBuilder(preemptor(100, "2")).editSpec().withPreemptionPolicy("Never").endSpec().build();

        ScheduleResult result = algorithm.schedule(never, List.of(node("n1", "2", pod("low", 1, "2", 0))),
                inputs(null, List.of()));

        assertThat(outcome(result)).isEqualTo(new PreemptionOutcome.NotEligible(
                "preemption: not eligible due to preemptionPolicy=Never."));
    }

    @Test
    void podsNominatedToANodeHoldTheirRoomAgainstPodsOfNoHigherPriority() {
        NodeInfo n1 = node("n1", "2");
        Pod waiting = new PodBuilder(pod("nominated", 50, "2", 0)).withStatus(null).build();
        NominatedPods nominated = node -> node.equals("n1") ? List.of(waiting) : List.of();

        ScheduleResult lower = algorithm.schedule(preemptor(10, "2"), List.of(n1),
                new CycleInputs(null, nominated, List.of(), NOW));
        ScheduleResult higher = algorithm.schedule(preemptor(100, "2"), List.of(n1),
                new CycleInputs(null, nominated, List.of(), NOW));

        assertThat(((ScheduleResult.Unschedulable) lower).message()).startsWith("0/1 nodes are available: "
                + "1 Insufficient cpu.");
        assertThat(higher).isEqualTo(new ScheduleResult.Suggested("n1", 1, 1));
    }

    @Test
    void theCandidateCountIsTenPercentOfTheNodesButAtLeastAHundred() {
        assertThat(DefaultPreemption.candidatesToFind(5)).isEqualTo(5);
        assertThat(DefaultPreemption.candidatesToFind(500)).isEqualTo(100);
        assertThat(DefaultPreemption.candidatesToFind(5000)).isEqualTo(500);
    }

    private static CycleInputs inputs(String nominatedNode, List<PodDisruptionBudget> budgets) {
        return new CycleInputs(nominatedNode, NominatedPods.NONE, budgets, NOW);
    }

    private static PreemptionOutcome outcome(ScheduleResult result) {
        return ((ScheduleResult.Unschedulable) result).preemption().orElseThrow();
    }
}
