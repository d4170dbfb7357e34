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
        ranked.sort(ranking);
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
