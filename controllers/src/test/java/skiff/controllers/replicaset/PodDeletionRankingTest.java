package skiff.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.controllers.replicaset.TestPods.NOW;
import static skiff.controllers.replicaset.TestPods.pod;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Each case holds two pods that differ in one criterion only; the first must be deleted before the second, decided
 * by that criterion. Dropping or reordering a criterion makes its cases fail.
 */
class PodDeletionRankingTest {
    private final PodDeletionRanking ranking = new PodDeletionRanking(NOW);

    record Case(String name, RankedPod first, RankedPod second, DeletionCriterion decidedBy) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("unassigned before assigned", one(pod("a").unscheduled()), one(pod("b")),
                        DeletionCriterion.UNASSIGNED),
                new Case("pending before running", one(pod("a").phase("Pending")), one(pod("b")),
                        DeletionCriterion.PHASE),
                new Case("unknown before running", one(pod("a").phase("Unknown")), one(pod("b")),
                        DeletionCriterion.PHASE),
                new Case("pending before unknown", one(pod("a").phase("Pending")), one(pod("b").phase("Unknown")),
                        DeletionCriterion.PHASE),
                new Case("another phase counts as pending", one(pod("a").phase("Succeeded")),
                        one(pod("b").phase("Unknown")), DeletionCriterion.PHASE),
                new Case("not ready before ready", one(pod("a").notReady()), one(pod("b")),
                        DeletionCriterion.NOT_READY),
                new Case("lower deletion cost first", one(pod("a").deletionCost("-1")), one(pod("b")),
                        DeletionCriterion.DELETION_COST),
                new Case("missing deletion cost is zero", one(pod("a")), one(pod("b").deletionCost("5")),
                        DeletionCriterion.DELETION_COST),
                new Case("invalid deletion cost counts as zero", one(pod("a").deletionCost("lots")),
                        one(pod("b").deletionCost("1")), DeletionCriterion.DELETION_COST),
                new Case("more related pods on the node first", new RankedPod(pod("a").build(), 3),
                        new RankedPod(pod("b").build(), 1), DeletionCriterion.COLOCATED),
                new Case("ready for less time first", one(pod("a").readyFor(Duration.ofSeconds(10))),
                        one(pod("b").readyFor(Duration.ofHours(1))), DeletionCriterion.READY_TIME),
                new Case("unknown ready time first", one(pod("a").readySinceUnknown()), one(pod("b")),
                        DeletionCriterion.READY_TIME),
                // 40 and 50 minutes are both in the 2^41 ns bucket: the uid decides, not the exact time.
                new Case("ready times in one log2 bucket fall to uid order",
                        one(pod("a").uid("uid-1").readyFor(Duration.ofMinutes(50))),
                        one(pod("b").uid("uid-2").readyFor(Duration.ofMinutes(40))), DeletionCriterion.READY_TIME),
                new Case("more restarts first", one(pod("a").restarts(5)), one(pod("b").restarts(1)),
                        DeletionCriterion.RESTARTS),
                new Case("more sidecar restarts first when containers tie", one(pod("a").sidecarRestarts(3)),
                        one(pod("b").sidecarRestarts(0)), DeletionCriterion.RESTARTS),
                new Case("newer first", one(pod("a").age(Duration.ofMinutes(1))), one(pod("b")),
                        DeletionCriterion.CREATION_TIME),
                new Case("no creation time first", one(pod("a").noCreationTime()), one(pod("b")),
                        DeletionCriterion.CREATION_TIME),
                new Case("creation times in one log2 bucket fall to uid order",
                        one(pod("a").uid("uid-1").age(Duration.ofMinutes(60))),
                        one(pod("b").uid("uid-2").age(Duration.ofMinutes(50))), DeletionCriterion.CREATION_TIME));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theFirstPodIsDeletedFirstByItsCriterion(Case c) {
        assertThat(ranking.compare(c.first(), c.second())).isNegative();
        assertThat(ranking.compare(c.second(), c.first())).isPositive();
        assertThat(ranking.decidingCriterion(c.first(), c.second())).contains(c.decidedBy());
    }

    @Test
    void earlierCriteriaOutrankLaterOnes() {
        // Not ready but precious beats ready and cheap: readiness comes before deletion cost.
        RankedPod notReadyPrecious = one(pod("a").notReady().deletionCost("1000"));
        RankedPod readyCheap = one(pod("b").deletionCost("-1000"));
        assertThat(ranking.compare(notReadyPrecious, readyCheap)).isNegative();
        // A scheduled pending pod goes before an unscheduled one? No: unassigned is checked first.
        RankedPod unassignedRunning = one(pod("c").unscheduled());
        RankedPod assignedPending = one(pod("d").phase("Pending"));
        assertThat(ranking.compare(unassignedRunning, assignedPending)).isNegative();
    }

    @Test
    void theReadyTimeOnlyCountsWhenBothPodsAreReady() {
        RankedPod notReady = one(pod("a").notReady().restarts(0));
        RankedPod alsoNotReadyButRestarting = one(pod("b").notReady().restarts(4));
        assertThat(ranking.decidingCriterion(alsoNotReadyButRestarting, notReady)).contains(DeletionCriterion.RESTARTS);
    }

    @Test
    void identicalPodsTie() {
        assertThat(ranking.compare(one(pod("a").uid("same")), one(pod("b").uid("same")))).isZero();
    }

    @Test
    void ranksCountActiveRelatedPodsOnEachNode() {
        List<RankedPod> ranked = PodDeletionRanking.rank(
                List.of(pod("a").build(), pod("b").node("node-b").build(), pod("c").unscheduled().build()),
                List.of(pod("a").build(), pod("x").build(), pod("y").terminating().build(),
                        pod("z").phase("Failed").build(), pod("b").node("node-b").build()));

        assertThat(ranked).extracting(RankedPod::colocated).containsExactly(2, 1, 0);
    }

    @Test
    void bucketsAreFloorOfLog2OfNanoseconds() {
        assertThat(DeletionCriterion.bucket(NOW.minusNanos(1), NOW)).isZero();
        assertThat(DeletionCriterion.bucket(NOW.minusNanos(1024), NOW)).isEqualTo(10);
        assertThat(DeletionCriterion.bucket(NOW.minusNanos(1023), NOW)).isEqualTo(9);
        assertThat(DeletionCriterion.bucket(NOW, NOW)).isEqualTo(-1);
    }

    private static RankedPod one(TestPods pod) {
        return new RankedPod(pod.build(), 1);
    }
}
