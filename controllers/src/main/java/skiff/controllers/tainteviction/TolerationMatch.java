package skiff.controllers.tainteviction;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
            Optional<Toleration> match = tolerations.stream().filter(t -> tolerates(t, taint)).findFirst();
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

    // k/k staging/src/k8s.io/api/core/v1/toleration.go ToleratesTaint: effect, then key, then operator and value.
    static boolean tolerates(Toleration toleration, Taint taint) {
        if (present(toleration.getEffect()) && !toleration.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (present(toleration.getKey()) && !toleration.getKey().equals(taint.getKey())) {
            return false;
        }
        String operator = present(toleration.getOperator()) ? toleration.getOperator() : "Equal";
        return switch (operator) {
            case "Exists" -> true;
            case "Equal" -> nullToEmpty(toleration.getValue()).equals(nullToEmpty(taint.getValue()));
            default -> false;
        };
    }

    private static boolean present(String s) {
        return s != null && !s.isEmpty();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
