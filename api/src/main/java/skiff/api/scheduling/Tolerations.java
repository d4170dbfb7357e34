package skiff.api.scheduling;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Whether a pod's tolerations tolerate a node's taints. */
public final class Tolerations {
    private Tolerations() {}

    // k/k staging/src/k8s.io/api/core/v1/toleration.go ToleratesTaint: an empty effect or key matches any; Exists
    // ignores the value, Equal (or no operator) needs the same value.
    public static boolean tolerates(Toleration toleration, Taint taint) {
        if (!empty(toleration.getEffect()) && !toleration.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (!empty(toleration.getKey()) && !toleration.getKey().equals(taint.getKey())) {
            return false;
        }
        String operator = toleration.getOperator();
        if (empty(operator) || operator.equals("Equal")) {
            return nullToEmpty(toleration.getValue()).equals(nullToEmpty(taint.getValue()));
        }
        return operator.equals("Exists");
    }

    public static boolean tolerated(List<Toleration> tolerations, Taint taint) {
        return tolerations != null && tolerations.stream().anyMatch(t -> tolerates(t, taint));
    }

    // k/k pkg/apis/core/v1/helper/helpers.go FindMatchingUntoleratedTaint: the first taint the filter picks that no
    // toleration tolerates.
    public static Optional<Taint> firstUntolerated(List<Taint> taints, List<Toleration> tolerations,
            Predicate<Taint> considered) {
        if (taints == null) {
            return Optional.empty();
        }
        return taints.stream().filter(considered).filter(t -> !tolerated(tolerations, t)).findFirst();
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
