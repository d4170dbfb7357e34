package skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import java.util.Optional;
import skiff.api.scheduling.NodeSelectorTerms;
import skiff.scheduler.framework.FilterPlugin;
import skiff.scheduler.framework.FilterResult;
import skiff.scheduler.framework.NodeInfo;
import skiff.scheduler.framework.NormalizedScore;
import skiff.scheduler.framework.ScorePlugin;

/**
 * k/k pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go. Filter: the node has every spec.nodeSelector
 * label and matches one of the required node affinity terms. Score: the summed weights of the preferred terms
 * the node matches, normalized so the best node scores 100.
 */
public final class NodeAffinity implements FilterPlugin, ScorePlugin {
    static final String REASON = "node(s) didn't match Pod's node affinity/selector";

    @Override
    public String name() {
        return "NodeAffinity";
    }

    @Override
    public Optional<FilterResult> filter(Pod pod, NodeInfo info) {
        if (!NodeSelectorTerms.requiredBy(pod.getSpec(), info.node())) {
            return Optional.of(FilterResult.unresolvable(REASON));
        }
        return Optional.empty();
    }

    @Override
    public long score(Pod pod, NodeInfo info) {
        var affinity = nodeAffinity(pod);
        if (affinity == null || affinity.getPreferredDuringSchedulingIgnoredDuringExecution() == null) {
            return 0;
        }
        long total = 0;
        for (PreferredSchedulingTerm term : affinity.getPreferredDuringSchedulingIgnoredDuringExecution()) {
            if (term.getWeight() != null && term.getWeight() != 0 && term.getPreference() != null
                    && NodeSelectorTerms.matches(term.getPreference(), info.node())) {
                total += term.getWeight();
            }
        }
        return total;
    }

    @Override
    public void normalize(long[] scores) {
        NormalizedScore.normalize(scores, false);
    }

    private static io.fabric8.kubernetes.api.model.NodeAffinity nodeAffinity(Pod pod) {
        Affinity affinity = pod.getSpec().getAffinity();
        return affinity == null ? null : affinity.getNodeAffinity();
    }
}
