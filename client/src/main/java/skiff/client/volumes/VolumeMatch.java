package skiff.client.volumes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeNodeAffinity;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import skiff.api.scheduling.NodeSelectorTerms;
import skiff.api.selector.LabelSelector;

/**
 * Finds the volume a claim binds to (k/k pkg/controller/volume/persistentvolume/index.go findBestMatchForClaim and
 * component-helpers storage/volume pv_helpers.go FindMatchingVolume, 1.32): a volume pre-bound to the claim first,
 * else the smallest available volume of the claim's class and volume mode whose capacity covers the request, whose
 * access modes include the claim's and whose labels match its selector. With delayed binding only pre-bound volumes
 * count, since the scheduler picks the others.
 */
public final class VolumeMatch {
    private VolumeMatch() {}

    public static Optional<PersistentVolume> find(PersistentVolumeClaim claim, Collection<PersistentVolume> volumes,
            boolean delayBinding) {
        BigDecimal request = requestedStorage(claim);
        PersistentVolume smallest = null;
        BigDecimal smallestSize = null;
        for (PersistentVolume volume : volumes) {
            if (!modesMatch(claim, volume)) {
                continue;
            }
            if (volume.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            BigDecimal size = capacity(volume);
            ObjectReference ref = volume.getSpec().getClaimRef();
            if (ref != null && isPreBoundTo(ref, claim)) {
                if (size.compareTo(request) >= 0) {
                    return Optional.of(volume);
                }
                continue;
            }
            if (ref != null || delayBinding) {
                continue;
            }
            String phase = volume.getStatus() == null ? "" : volume.getStatus().getPhase();
            if (!"Available".equals(phase)) {
                continue;
            }
            if (!StorageClasses.of(volume).equals(StorageClasses.of(claim))) {
                continue;
            }
            if (claim.getSpec().getSelector() != null && !LabelSelector.fromFabric8(claim.getSpec().getSelector())
                    .matches(labels(volume))) {
                continue;
            }
            if (size.compareTo(request) >= 0 && (smallestSize == null || size.compareTo(smallestSize) < 0)) {
                smallest = volume;
                smallestSize = size;
            }
        }
        return Optional.ofNullable(smallest);
    }

    /**
     * The scheduler's match for a claim of a WaitForFirstConsumer class on one node (k/k binder.go findMatchingVolumes
     * and pv_helpers.go FindMatchingVolume with a node): a volume pre-bound to the claim if the node fits it, else the
     * smallest Available volume of the claim's class, modes and selector whose node affinity the node satisfies and
     * that no other claim of the pod took ({@code taken}).
     */
    public static Optional<PersistentVolume> findForNode(PersistentVolumeClaim claim,
            Collection<PersistentVolume> volumes, Node node, Set<String> taken) {
        BigDecimal request = requestedStorage(claim);
        PersistentVolume smallest = null;
        BigDecimal smallestSize = null;
        for (PersistentVolume volume : volumes) {
            ObjectReference ref = volume.getSpec().getClaimRef();
            BigDecimal size = capacity(volume);
            if (taken.contains(volume.getMetadata().getName()) || (ref != null && !isPreBoundTo(ref, claim))
                    || size.compareTo(request) < 0 || volume.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String claimMode = Objects.requireNonNullElse(claim.getSpec().getVolumeMode(), "Filesystem");
            if (!claimMode.equals(Objects.requireNonNullElse(volume.getSpec().getVolumeMode(), "Filesystem"))) {
                continue;
            }
            boolean fits = fitsNode(volume, node);
            if (ref != null) {
                return fits ? Optional.of(volume) : Optional.empty();
            }
            String phase = volume.getStatus() == null ? "" : volume.getStatus().getPhase();
            if (!"Available".equals(phase) || !fits || !modesMatch(claim, volume)
                    || !StorageClasses.of(volume).equals(StorageClasses.of(claim))) {
                continue;
            }
            if (claim.getSpec().getSelector() != null && !LabelSelector.fromFabric8(claim.getSpec().getSelector())
                    .matches(labels(volume))) {
                continue;
            }
            if (smallestSize == null || size.compareTo(smallestSize) < 0) {
                smallest = volume;
                smallestSize = size;
            }
        }
        return Optional.ofNullable(smallest);
    }

    // component-helpers storage/volume CheckNodeAffinity: the required terms of the volume's node affinity.
    public static boolean fitsNode(PersistentVolume volume, Node node) {
        VolumeNodeAffinity affinity = volume.getSpec().getNodeAffinity();
        return affinity == null || affinity.getRequired() == null
                || NodeSelectorTerms.anyMatches(affinity.getRequired().getNodeSelectorTerms(), node);
    }

    /** Whether a volume's claimRef names this claim (by name and namespace, and by UID once it has one). */
    public static boolean isPreBoundTo(ObjectReference ref, PersistentVolumeClaim claim) {
        return Objects.equals(ref.getName(), claim.getMetadata().getName())
                && Objects.equals(ref.getNamespace(), claim.getMetadata().getNamespace())
                && (ref.getUid() == null || ref.getUid().isEmpty()
                        || ref.getUid().equals(claim.getMetadata().getUid()));
    }

    // pv_helpers.go CheckVolumeModeMismatches and CheckAccessModes: equal modes (Filesystem when unset), and every
    // access mode the claim asks for among the volume's.
    private static boolean modesMatch(PersistentVolumeClaim claim, PersistentVolume volume) {
        String claimMode = Objects.requireNonNullElse(claim.getSpec().getVolumeMode(), "Filesystem");
        String volumeMode = Objects.requireNonNullElse(volume.getSpec().getVolumeMode(), "Filesystem");
        if (!claimMode.equals(volumeMode)) {
            return false;
        }
        List<String> offered = Objects.requireNonNullElse(volume.getSpec().getAccessModes(), List.of());
        return offered.containsAll(Objects.requireNonNullElse(claim.getSpec().getAccessModes(), List.of()));
    }

    public static BigDecimal requestedStorage(PersistentVolumeClaim claim) {
        if (claim.getSpec().getResources() == null || claim.getSpec().getResources().getRequests() == null) {
            return BigDecimal.ZERO;
        }
        return amount(claim.getSpec().getResources().getRequests().get("storage"));
    }

    static BigDecimal capacity(PersistentVolume volume) {
        return volume.getSpec().getCapacity() == null ? BigDecimal.ZERO
                : amount(volume.getSpec().getCapacity().get("storage"));
    }

    private static BigDecimal amount(Quantity q) {
        return q == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(q);
    }

    private static Map<String, String> labels(PersistentVolume volume) {
        return volume.getMetadata().getLabels() == null ? Map.of() : volume.getMetadata().getLabels();
    }
}
