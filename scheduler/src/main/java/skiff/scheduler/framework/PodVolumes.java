package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import skiff.client.volumes.VolumeMatch;

/**
 * What the VolumeBinding plugin found for one pod in PreFilter (k/k pkg/scheduler/framework/plugins/volumebinding
 * volume_binding.go and binder.go FindPodVolumes, 1.32): the volumes its bound claims use, whose node affinity a node
 * must satisfy, and its claims of WaitForFirstConsumer classes still unbound, which a node can take when it fits an
 * available volume for each ({@code volumes}) or, failing that, when the claim's class can provision there (or the
 * scheduler already chose that node for it). {@code unprovisionable} names the claims whose class cannot provision.
 */
public record PodVolumes(List<PersistentVolume> bound, List<PersistentVolumeClaim> delayed,
        List<PersistentVolume> volumes, Set<String> unprovisionable) {
    public static final PodVolumes NONE = new PodVolumes(List.of(), List.of(), List.of(), Set.of());
    // volume_binding.go ErrReasonNodeConflict and ErrReasonBindConflict.
    static final String NODE_CONFLICT = "node(s) had volume node affinity conflict";
    static final String BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
    private static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";

    public PodVolumes {
        bound = List.copyOf(bound);
        delayed = List.copyOf(delayed);
        volumes = List.copyOf(volumes);
        unprovisionable = Set.copyOf(unprovisionable);
    }

    /** The VolumeBinding filter: empty when the node can take the pod's volumes. */
    public Optional<FilterResult> filter(NodeInfo node) {
        for (PersistentVolume pv : bound) {
            if (!VolumeMatch.fitsNode(pv, node.node())) {
                return Optional.of(FilterResult.unresolvable(NODE_CONFLICT));
            }
        }
        // binder.go findMatchingVolumes, then checkVolumeProvisions for the claims no volume on the node matches.
        Set<String> taken = new HashSet<>();
        for (PersistentVolumeClaim claim : delayed) {
            Optional<PersistentVolume> match = VolumeMatch.findForNode(claim, volumes, node.node(), taken);
            if (match.isPresent()) {
                taken.add(match.get().getMetadata().getName());
                continue;
            }
            var annotations = claim.getMetadata().getAnnotations();
            String selected = annotations == null ? null : annotations.get(SELECTED_NODE);
            if ((selected != null && !selected.equals(node.name()))
                    || unprovisionable.contains(claim.getMetadata().getName())) {
                return Optional.of(FilterResult.unschedulable(BIND_CONFLICT));
            }
        }
        return Optional.empty();
    }
}
