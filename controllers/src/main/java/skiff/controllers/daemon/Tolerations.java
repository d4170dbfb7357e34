package skiff.controllers.daemon;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** Taints against tolerations, and the tolerations every daemon pod carries. */
final class Tolerations {
    static final String NO_SCHEDULE = "NoSchedule";
    static final String NO_EXECUTE = "NoExecute";

    private Tolerations() {}

    /**
     * k/k pkg/controller/daemon/util/daemonset_util.go AddOrUpdateDaemonPodTolerations: daemon pods stay on nodes
     * that are not ready or unreachable (NoExecute, forever), under resource pressure or unschedulable (NoSchedule),
     * and with host networking on nodes whose network is unavailable.
     */
    static List<Toleration> withDaemonTolerations(List<Toleration> own, boolean hostNetwork) {
        List<Toleration> result = new ArrayList<>(own == null ? List.of() : own);
        add(result, "node.kubernetes.io/not-ready", NO_EXECUTE);
        add(result, "node.kubernetes.io/unreachable", NO_EXECUTE);
        add(result, "node.kubernetes.io/disk-pressure", NO_SCHEDULE);
        add(result, "node.kubernetes.io/memory-pressure", NO_SCHEDULE);
        add(result, "node.kubernetes.io/pid-pressure", NO_SCHEDULE);
        add(result, "node.kubernetes.io/unschedulable", NO_SCHEDULE);
        if (hostNetwork) {
            add(result, "node.kubernetes.io/network-unavailable", NO_SCHEDULE);
        }
        return result;
    }

    /** k/k pkg/apis/core/v1/helper AddOrUpdateTolerationInPodSpec: an identical toleration is not added twice. */
    private static void add(List<Toleration> tolerations, String key, String effect) {
        Toleration t = new TolerationBuilder().withKey(key).withOperator("Exists").withEffect(effect).build();
        boolean present = tolerations.stream().anyMatch(o -> Objects.equals(o.getKey(), key)
                && Objects.equals(o.getOperator(), "Exists") && Objects.equals(o.getEffect(), effect)
                && (o.getValue() == null || o.getValue().isEmpty()));
        if (!present) {
            tolerations.add(t);
        }
    }

    /** k/k component-helpers taint FindMatchingUntoleratedTaint: the first taint passing the filter no toleration covers. */
    static Optional<Taint> untolerated(List<Taint> taints, List<Toleration> tolerations, Predicate<Taint> filter) {
        if (taints == null) {
            return Optional.empty();
        }
        return taints.stream().filter(filter)
                .filter(taint -> tolerations.stream().noneMatch(t -> tolerates(t, taint)))
                .findFirst();
    }

    /** k/k core/v1 toleration.go ToleratesTaint: matching effect and key, and Exists or an equal value. */
    static boolean tolerates(Toleration t, Taint taint) {
        if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (t.getKey() != null && !t.getKey().isEmpty() && !t.getKey().equals(taint.getKey())) {
            return false;
        }
        String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
        return switch (op) {
            case "Exists" -> true;
            case "Equal" -> Objects.equals(nz(t.getValue()), nz(taint.getValue()));
            default -> false;
        };
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
