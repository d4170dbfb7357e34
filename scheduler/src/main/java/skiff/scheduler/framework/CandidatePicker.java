package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Chooses the node to preempt on (k/k framework/preemption/preemption.go pickOneNodeForPreemption, 1.32): each rule
 * in turn keeps the candidates that score best, until one is left: fewest budget violations, lowest priority of the
 * most important victim, smallest sum of victim priorities (each shifted by 2^31 so negatives count), fewest victims,
 * latest earliest start among the most important victims; then the first in the list.
 */
public final class CandidatePicker {
    private CandidatePicker() {}

    public static Candidate pick(List<Candidate> candidates, Instant now) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates");
        }
        List<ToLongFunction<Candidate>> rules = List.of(
                c -> -c.pdbViolations(),
                c -> -PodImportance.priority(c.victims().getFirst()),
                c -> -c.victims().stream().mapToLong(p -> PodImportance.priority(p) + (1L << 31)).sum(),
                c -> -c.victims().size(),
                c -> earliestStartOfMostImportant(c.victims(), now).toEpochMilli());
        List<Candidate> left = candidates;
        for (ToLongFunction<Candidate> rule : rules) {
            if (left.size() == 1) {
                break;
            }
            long best = Long.MIN_VALUE;
            List<Candidate> kept = new ArrayList<>();
            for (Candidate c : left) {
                long score = rule.applyAsLong(c);
                if (score > best) {
                    best = score;
                    kept.clear();
                }
                if (score == best) {
                    kept.add(c);
                }
            }
            left = kept;
        }
        return left.getFirst();
    }

    // k/k pkg/scheduler/util/utils.go GetEarliestPodStartTime.
    static Instant earliestStartOfMostImportant(List<Pod> victims, Instant now) {
        int top = victims.stream().mapToInt(PodImportance::priority).max().orElseThrow();
        return victims.stream().filter(p -> PodImportance.priority(p) == top)
                .map(p -> PodImportance.startTime(p, now)).min(Instant::compareTo).orElseThrow();
    }
}
