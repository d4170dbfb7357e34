package skiff.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The pods a scale-down deletes, each with the reason it was chosen over the pods that stay. */
final class ScaleDownVictims {
    private ScaleDownVictims() {}

    /** A pod to delete and why, in words for the SuccessfulDelete event. */
    record Victim(Pod pod, String reason) {}

    /**
     * Sorts by the ranking. Its uid tie-break within a log2 bucket is not transitive when exact times tie (as in
     * Kubernetes, whose sort does not check), so when the JDK's merge sort detects that, an insertion sort, which
     * accepts any comparator, orders the pods instead.
     */
    private static void sort(List<RankedPod> pods, PodDeletionRanking ranking) {
        try {
            pods.sort(ranking);
        } catch (IllegalArgumentException inconsistent) {
            for (int i = 1; i < pods.size(); i++) {
                RankedPod p = pods.get(i);
                int j = i - 1;
                while (j >= 0 && ranking.compare(pods.get(j), p) > 0) {
                    pods.set(j + 1, pods.get(j));
                    j--;
                }
                pods.set(j + 1, p);
            }
        }
    }

    /**
     * Picks {@code count} of {@code candidates}: all of them without ranking when all go, else the first by
     * {@link PodDeletionRanking} (k/k pkg/controller/replicaset/replica_set.go getPodsToDelete).
     *
     * @param related the pods of every set sharing this one's controller owner, this set's own included
     */
    static List<Victim> choose(List<Pod> candidates, List<Pod> related, int count, Instant now) {
        if (count >= candidates.size()) {
            String reason = "scale-down removes all " + candidates.size() + " pods";
            return candidates.stream().map(p -> new Victim(p, reason)).toList();
        }
        PodDeletionRanking ranking = new PodDeletionRanking(now);
        List<RankedPod> ranked = new ArrayList<>(PodDeletionRanking.rank(candidates, related));
        sort(ranked, ranking);
        List<RankedPod> kept = ranked.subList(count, ranked.size());
        List<Victim> victims = new ArrayList<>(count);
        for (RankedPod victim : ranked.subList(0, count)) {
            String why = ranking.decidingCriterion(victim, kept.get(0))
                    .map(c -> c.explain(victim, kept, now))
                    .orElse("ranks level with " + kept.get(0).name() + ", picked by list order");
            victims.add(new Victim(victim.pod(), "scale-down: " + why));
        }
        return List.copyOf(victims);
    }
}
