package skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Optional;
import skiff.api.scheduling.Tolerations;
import skiff.scheduler.framework.FilterPlugin;
import skiff.scheduler.framework.FilterResult;
import skiff.scheduler.framework.NodeInfo;
import skiff.scheduler.framework.NormalizedScore;
import skiff.scheduler.framework.ScorePlugin;

/**
 * k/k pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go. Filter: every NoSchedule and NoExecute
 * taint must be tolerated (a not-ready node carries node.kubernetes.io/not-ready). Score: fewer untolerated
 * PreferNoSchedule taints rank higher.
 */
public final class TaintToleration implements FilterPlugin, ScorePlugin {
    @Override
    public String name() {
        return "TaintToleration";
    }

    @Override
    public Optional<FilterResult> filter(Pod pod, NodeInfo node) {
        if (node.taints().isEmpty()) {
            return Optional.empty();
        }
        return Tolerations.firstUntolerated(node.taints(), pod.getSpec().getTolerations(),
                        t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()))
                .map(t -> FilterResult.unresolvable("node(s) had untolerated taint {" + t.getKey() + ": "
                        + (t.getValue() == null ? "" : t.getValue()) + "}"));
    }

    // k/k taint_toleration.go getAllTolerationPreferNoSchedule: only tolerations for PreferNoSchedule (or any
    // effect) count when scoring.
    @Override
    public long score(Pod pod, NodeInfo node) {
        if (node.taints().isEmpty()) {
            return 0;
        }
        List<Toleration> preferNoSchedule = pod.getSpec().getTolerations() == null ? List.of()
                : pod.getSpec().getTolerations().stream()
                        .filter(t -> t.getEffect() == null || t.getEffect().isEmpty()
                                || t.getEffect().equals("PreferNoSchedule"))
                        .toList();
        return node.taints().stream().filter(t -> "PreferNoSchedule".equals(t.getEffect()))
                .filter(t -> !Tolerations.tolerated(preferNoSchedule, t)).count();
    }

    @Override
    public void normalize(long[] scores) {
        NormalizedScore.normalize(scores, true);
    }
}
