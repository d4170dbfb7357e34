package skiff.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.controllers.replicaset.TestPods.NOW;
import static skiff.controllers.replicaset.TestPods.pod;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import skiff.controllers.replicaset.ScaleDownVictims.Victim;

class ScaleDownVictimsTest {

    @Test
    void theVictimsAreTheFirstByRankingEachWithItsReason() {
        List<Pod> pods = List.of(pod("steady").build(), pod("slow").notReady().build(),
                pod("stray").unscheduled().build(), pod("fresh").build());

        List<Victim> victims = ScaleDownVictims.choose(pods, List.of(), 2, NOW);

        assertThat(victims).extracting(v -> v.pod().getMetadata().getName()).containsExactly("stray", "slow");
        assertThat(victims).extracting(Victim::reason).containsExactly(
                "scale-down: not scheduled to a node while 2 others are scheduled",
                "scale-down: not ready while 2 others are ready");
    }

    @Test
    void reasonsNameTheKeptPodTheVictimLostTo() {
        List<Pod> pods = List.of(pod("old").build(), pod("young").age(Duration.ofMinutes(3)).build());

        List<Victim> victims = ScaleDownVictims.choose(pods, List.of(), 1, NOW);

        assertThat(victims).singleElement().extracting(Victim::reason)
                .isEqualTo("scale-down: created 3m ago, old 2h ago");
    }

    @Test
    void podsOnACrowdedNodeGoFirstWhenRelatedPodsAreKnown() {
        List<Pod> pods = List.of(pod("alone").node("node-b").build(), pod("crowded").build());
        List<Pod> related = List.of(pod("alone").node("node-b").build(), pod("crowded").build(),
                pod("sibling-1").build(), pod("sibling-2").build());

        List<Victim> victims = ScaleDownVictims.choose(pods, related, 1, NOW);

        assertThat(victims).singleElement().satisfies(v -> {
            assertThat(v.pod().getMetadata().getName()).isEqualTo("crowded");
            assertThat(v.reason()).isEqualTo("scale-down: its node node-a runs 3 pods of the set, alone's node node-b runs 1");
        });
    }

    @Test
    void deletingEveryPodNeedsNoRanking() {
        List<Pod> pods = List.of(pod("a").build(), pod("b").build());

        List<Victim> victims = ScaleDownVictims.choose(pods, List.of(), 2, NOW);

        assertThat(victims).extracting(Victim::reason).containsOnly("scale-down removes all 2 pods");
    }

    @Test
    void creationTimesTiedToTheSecondWithinOneBucketStillYieldVictims() {
        // Pods created in the same second tie exactly, while pods of another second in the same log2 bucket are
        // ordered by uid: no total order, which the JDK's merge sort detects on inputs this large.
        java.util.Random random = new java.util.Random(7);
        List<Pod> pods = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int minutes = 50 + 5 * random.nextInt(3);
            pods.add(pod("p" + i).uid(java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) i, (byte) (i >> 8)})
                    .toString()).age(Duration.ofMinutes(minutes)).build());
        }
        List<RankedPod> ranked = new java.util.ArrayList<>(PodDeletionRanking.rank(pods, List.of()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ranked.sort(new PodDeletionRanking(NOW)))
                .isInstanceOf(IllegalArgumentException.class);

        List<Victim> victims = ScaleDownVictims.choose(pods, List.of(), 150, NOW);

        assertThat(victims).hasSize(150).doesNotHaveDuplicates();
    }
}
