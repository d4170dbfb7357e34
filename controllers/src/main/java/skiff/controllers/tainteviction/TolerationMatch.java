package skiff.controllers.tainteviction;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import skiff.api.scheduling.Tolerations;

/**
 * How long a pod may stay on a node with NoExecute taints (k/k pkg/controller/tainteviction/taint_eviction.go
 * getMatchingTolerations and getMinTolerationTime, with core/v1 Toleration.ToleratesTaint).
 */
final class TolerationMatch {
    private TolerationMatch() {}

    /**
     * Empty when the pod tolerates every taint forever; zero when some taint is not tolerated at all (or a
     * toleration allows no time); otherwise the shortest tolerationSeconds among the tolerations used.
     */
    static Optional<Duration> evictionDelay(List<Taint> noExecuteTaints, List<Toleration> tolerations) {
        List<Toleration> used = new ArrayList<>();
        for (Taint taint : noExecuteTaints) {
            Optional<Toleration> match = tolerations.stream().filter(t -> Tolerations.tolerates(t, taint))
                    .findFirst();
            if (match.isEmpty()) {
                return Optional.of(Duration.ZERO);
            }
            used.add(match.get());
        }
        Long min = null;
        for (Toleration t : used) {
            if (t.getTolerationSeconds() != null) {
                if (t.getTolerationSeconds() <= 0) {
                    return Optional.of(Duration.ZERO);
                }
                min = min == null ? t.getTolerationSeconds() : Math.min(min, t.getTolerationSeconds());
            }
        }
        return min == null ? Optional.empty() : Optional.of(Duration.ofSeconds(min));
    }
}
