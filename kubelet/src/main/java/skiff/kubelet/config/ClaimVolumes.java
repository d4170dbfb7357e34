package skiff.kubelet.config;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.Optional;
import skiff.kubelet.runtime.VolumeConfig;

/**
 * A pod's persistentVolumeClaim volume as the path its bound volume names (k/k pkg/kubelet/volumemanager/populator/
 * desired_state_of_world_populator.go getPVCExtractPV and getPVSpec, 1.32): a claim that is missing, being deleted
 * or not yet bound keeps the pod in ContainerCreating; a hostPath or local volume is mounted as the host path.
 */
final class ClaimVolumes {
    private static final String WAITING = "ContainerCreating";

    private ClaimVolumes() {}

    static Resolved<VolumeConfig> resolve(ContainerConfigs.Context ctx, String volume, String claimName) {
        String namespace = ctx.pod().getMetadata().getNamespace();
        String prefix = "error processing PVC " + namespace + "/" + claimName + ": ";
        Optional<PersistentVolumeClaim> found = ctx.objects().persistentVolumeClaim(namespace, claimName);
        if (found.isEmpty()) {
            return failed(prefix + "failed to fetch PVC from API server: persistentvolumeclaims \"" + claimName
                    + "\" not found");
        }
        PersistentVolumeClaim claim = found.get();
        if (claim.getMetadata().getDeletionTimestamp() != null) {
            return failed(prefix + "can't start pod because PVC " + namespace + "/" + claimName
                    + " is being deleted");
        }
        String volumeName = claim.getSpec().getVolumeName();
        if (claim.getStatus() == null || !"Bound".equals(claim.getStatus().getPhase()) || volumeName == null
                || volumeName.isEmpty()) {
            return failed(prefix + "PVC is not bound");
        }
        Optional<PersistentVolume> pv = ctx.objects().persistentVolume(volumeName);
        if (pv.isEmpty()) {
            return failed(prefix + "failed to fetch PV " + volumeName + " from API server: persistentvolumes \""
                    + volumeName + "\" not found");
        }
        var spec = pv.get().getSpec();
        if (spec.getClaimRef() == null || !claim.getMetadata().getUid().equals(spec.getClaimRef().getUid())) {
            return failed(prefix + "failed to fetch PV " + volumeName + " from API server: the PV's claimRef does "
                    + "not name the claim");
        }
        if (spec.getHostPath() != null) {
            String type = spec.getHostPath().getType() == null ? "" : spec.getHostPath().getType();
            return new Resolved.Ok<>(new VolumeConfig.HostPath(volume, spec.getHostPath().getPath(), type));
        }
        // k/k pkg/volume/local: the path must exist on the node.
        if (spec.getLocal() != null) {
            return new Resolved.Ok<>(new VolumeConfig.HostPath(volume, spec.getLocal().getPath(), "Directory"));
        }
        return failed("volume \"" + volume + "\": persistent volume " + volumeName
                + " is of a type this kubelet cannot mount");
    }

    private static Resolved<VolumeConfig> failed(String message) {
        return new Resolved.Invalid<>(WAITING, "Unable to attach or mount volumes: " + message);
    }
}
