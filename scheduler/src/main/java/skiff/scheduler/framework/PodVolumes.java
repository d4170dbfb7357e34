package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.List;
import java.util.Optional;
import skiff.api.scheduling.NodeSelectorTerms;

/**
 * What the VolumeBinding plugin found for one pod in PreFilter (k/k pkg/scheduler/framework/plugins/volumebinding
 * volume_binding.go and binder.go FindPodVolumes, 1.32): the volumes its bound claims use, whose node affinity a node
 * must satisfy, and its claims of WaitForFirstConsumer classes still unbound, which a node can take when their
 * class can provision there (or when the scheduler already chose that node for them).
 */
public record PodVolumes(List<PersistentVolume> bound, List<PersistentVolumeClaim> toProvision) {
    public static final PodVolumes NONE = new PodVolumes(List.of(), List.of());
    // volume_binding.go ErrReasonNodeConflict and ErrReasonBindConflict.
    static final String NODE_CONFLICT = "node(s) had volume node affinity conflict";
    static final String BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
    private static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";

    public PodVolumes {
        bound = List.copyOf(bound);
        toProvision = List.copyOf(toProvision);
    }

    /** The VolumeBinding filter: empty when the node can take the pod's volumes. */
    public Optional<FilterResult> filter(NodeInfo node) {
        for (PersistentVolume pv : bound) {
            if (pv.getSpec().getNodeAffinity() != null && pv.getSpec().getNodeAffinity().getRequired() != null
                    && !NodeSelectorTerms.anyMatches(pv.getSpec().getNodeAffinity().getRequired()
                            .getNodeSelectorTerms(), node.node())) {
                return Optional.of(FilterResult.unresolvable(NODE_CONFLICT));
            }
        }
        // binder.go checkVolumeProvisions: a claim already given a node provisions only there.
        for (PersistentVolumeClaim claim : toProvision) {
            var annotations = claim.getMetadata().getAnnotations();
            String selected = annotations == null ? null : annotations.get(SELECTED_NODE);
            if (selected != null && !selected.equals(node.name())) {
                return Optional.of(FilterResult.unschedulable(BIND_CONFLICT));
            }
        }
        return Optional.empty();
    }
}
