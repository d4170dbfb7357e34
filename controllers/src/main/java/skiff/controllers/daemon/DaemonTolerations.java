package skiff.controllers.daemon;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** The tolerations every daemon pod carries. */
final class DaemonTolerations {
    static final String NO_SCHEDULE = "NoSchedule";
    static final String NO_EXECUTE = "NoExecute";

    private DaemonTolerations() {}

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
}
