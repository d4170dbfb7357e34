package skiff.controllers.volume;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.client.events.EventRecorder;
import skiff.client.volumes.StorageClasses;
import skiff.client.volumes.VolumeMatch;
import skiff.controllers.framework.SyncResult;

/**
 * One sync of a claim or a volume by the PersistentVolume binder (k/k pkg/controller/volume/persistentvolume/
 * pv_controller.go syncClaim and syncVolume, 1.32). Binding writes the volume's claimRef, the volume's phase, the
 * claim's volumeName with its annotations, then the claim's phase, each step redone by the next sync when a later
 * one fails.
 */
final class VolumeBinderSync {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeBinderSync.class);

    private final Store<PersistentVolumeClaim> claims;
    private final Store<PersistentVolume> volumes;
    private final Store<StorageClass> classes;
    private final VolumeApi writes;
    private final EventRecorder events;

    VolumeBinderSync(Store<PersistentVolumeClaim> claims, Store<PersistentVolume> volumes,
            Store<StorageClass> classes, VolumeApi writes, EventRecorder events) {
        this.claims = claims;
        this.volumes = volumes;
        this.classes = classes;
        this.writes = writes;
        this.events = events;
    }

    SyncResult syncClaim(String key) {
        PersistentVolumeClaim claim = claims.getByKey(key);
        if (claim == null) {
            return SyncResult.done();
        }
        try {
            String volumeName = claim.getSpec().getVolumeName();
            if (!VolumeAnnotations.has(claim, VolumeAnnotations.BIND_COMPLETED)) {
                return volumeName == null || volumeName.isEmpty() ? syncUnboundClaim(claim)
                        : syncPreBoundClaim(claim, volumeName);
            }
            return syncBoundClaim(claim);
        } catch (KubernetesClientException e) {
            return SyncResult.retry("claim " + key + ": " + e.getMessage());
        }
    }

    // pv_controller.go syncUnboundClaim, the claim asking for any volume.
    private SyncResult syncUnboundClaim(PersistentVolumeClaim claim) {
        boolean delay = shouldDelayBinding(claim);
        Optional<PersistentVolume> match = VolumeMatch.find(claim, volumes.list(), delay);
        if (match.isPresent()) {
            return bind(match.get(), claim);
        }
        String className = StorageClasses.of(claim);
        Optional<StorageClass> sc = className.isEmpty() ? Optional.empty()
                : Optional.ofNullable(classes.getByKey(className));
        if (delay && !VolumeAnnotations.has(claim, VolumeAnnotations.SELECTED_NODE)) {
            event(claim, EventRecorder.NORMAL, "WaitForFirstConsumer",
                    "waiting for first consumer to be created before binding");
        } else if (sc.isPresent()) {
            // pv_controller.go provisionClaim with an external provisioner: name it on the claim and wait.
            return askProvisioner(claim, sc.get().getProvisioner());
        } else if (className.isEmpty()) {
            event(claim, EventRecorder.NORMAL, "FailedBinding",
                    "no persistent volumes available for this claim and no storage class is set");
        } else {
            event(claim, EventRecorder.WARNING, "ProvisioningFailed",
                    "storageclass.storage.k8s.io \"" + className + "\" not found");
        }
        return claimPhase(claim, "Pending");
    }

    private SyncResult askProvisioner(PersistentVolumeClaim claim, String provisioner) {
        if (!VolumeAnnotations.get(claim, VolumeAnnotations.STORAGE_PROVISIONER).equals(provisioner)) {
            claim = writes.updateClaim(new PersistentVolumeClaimBuilder(claim).editMetadata()
                    .addToAnnotations(VolumeAnnotations.STORAGE_PROVISIONER, provisioner)
                    .addToAnnotations(VolumeAnnotations.BETA_STORAGE_PROVISIONER, provisioner)
                    .endMetadata().build());
        }
        event(claim, EventRecorder.NORMAL, "ExternalProvisioning", "Waiting for a volume to be created either by "
                + "the external provisioner '" + provisioner + "' or manually by the system administrator. If volume "
                + "creation is delayed, please verify that the provisioner is running and correctly registered.");
        return claimPhase(claim, "Pending");
    }

    // pv_controller.go syncUnboundClaim, a claim that names its volume.
    private SyncResult syncPreBoundClaim(PersistentVolumeClaim claim, String volumeName) {
        PersistentVolume volume = volumes.getByKey(volumeName);
        if (volume == null) {
            event(claim, EventRecorder.NORMAL, "FailedBinding", "volume \"" + volumeName + "\" not found");
            return claimPhase(claim, "Pending");
        }
        ObjectReference ref = volume.getSpec().getClaimRef();
        if (ref == null || VolumeMatch.isPreBoundTo(ref, claim)) {
            return bind(volume, claim);
        }
        event(claim, EventRecorder.WARNING, "FailedBinding", "volume \"" + volumeName
                + "\" already bound to a different claim.");
        return claimPhase(claim, "Pending");
    }

    // pv_controller.go syncBoundClaim.
    private SyncResult syncBoundClaim(PersistentVolumeClaim claim) {
        String volumeName = Objects.requireNonNullElse(claim.getSpec().getVolumeName(), "");
        if (volumeName.isEmpty()) {
            event(claim, EventRecorder.WARNING, "ClaimLost",
                    "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
            return claimPhase(claim, "Lost");
        }
        PersistentVolume volume = volumes.getByKey(volumeName);
        if (volume == null) {
            event(claim, EventRecorder.WARNING, "ClaimLost",
                    "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
            return claimPhase(claim, "Lost");
        }
        ObjectReference ref = volume.getSpec().getClaimRef();
        if (ref == null || VolumeMatch.isPreBoundTo(ref, claim)) {
            return bind(volume, claim);
        }
        event(claim, EventRecorder.WARNING, "ClaimMisbound",
                "Two claims are bound to the same volume, this one is bound incorrectly");
        return claimPhase(claim, "Lost");
    }

    // pv_controller.go bind: volume claimRef, volume phase, claim volumeName and annotations, claim status.
    private SyncResult bind(PersistentVolume volume, PersistentVolumeClaim claim) {
        ObjectReference ref = volume.getSpec().getClaimRef();
        boolean refCurrent = ref != null && claim.getMetadata().getUid().equals(ref.getUid());
        if (!refCurrent) {
            PersistentVolumeBuilder b = new PersistentVolumeBuilder(volume);
            b.editSpec().withClaimRef(new ObjectReferenceBuilder().withKind("PersistentVolumeClaim")
                    .withApiVersion("v1").withNamespace(claim.getMetadata().getNamespace())
                    .withName(claim.getMetadata().getName()).withUid(claim.getMetadata().getUid())
                    .withResourceVersion(claim.getMetadata().getResourceVersion()).build()).endSpec();
            if (ref == null) {
                b.editMetadata().addToAnnotations(VolumeAnnotations.BOUND_BY_CONTROLLER, "yes").endMetadata();
            }
            volume = writes.updateVolume(b.build());
        }
        volume = volumePhase(volume, "Bound", "");
        boolean claimCurrent = volume.getMetadata().getName().equals(claim.getSpec().getVolumeName())
                && VolumeAnnotations.has(claim, VolumeAnnotations.BIND_COMPLETED);
        if (!claimCurrent) {
            PersistentVolumeClaimBuilder b = new PersistentVolumeClaimBuilder(claim);
            b.editMetadata().addToAnnotations(VolumeAnnotations.BIND_COMPLETED, "yes").endMetadata();
            if (!volume.getMetadata().getName().equals(claim.getSpec().getVolumeName())) {
                b.editMetadata().addToAnnotations(VolumeAnnotations.BOUND_BY_CONTROLLER, "yes").endMetadata();
                b.editSpec().withVolumeName(volume.getMetadata().getName()).endSpec();
            }
            claim = writes.updateClaim(b.build());
            LOG.info("claim={}/{} bound to volume={}", claim.getMetadata().getNamespace(),
                    claim.getMetadata().getName(), volume.getMetadata().getName());
        }
        // pv_controller.go updateClaimStatus: Bound, with the volume's access modes and capacity.
        var status = claim.getStatus();
        if (status == null || !"Bound".equals(status.getPhase())
                || !Objects.equals(status.getAccessModes(), volume.getSpec().getAccessModes())
                || !Objects.equals(status.getCapacity(), volume.getSpec().getCapacity())) {
            writes.updateClaimStatus(new PersistentVolumeClaimBuilder(claim).editOrNewStatus().withPhase("Bound")
                    .withAccessModes(volume.getSpec().getAccessModes())
                    .withCapacity(volume.getSpec().getCapacity()).endStatus().build());
        }
        return SyncResult.done();
    }

    SyncResult syncVolume(String name) {
        PersistentVolume volume = volumes.getByKey(name);
        if (volume == null) {
            return SyncResult.done();
        }
        try {
            return syncVolume(volume);
        } catch (KubernetesClientException e) {
            return SyncResult.retry("volume " + name + ": " + e.getMessage());
        }
    }

    // pv_controller.go syncVolume.
    private SyncResult syncVolume(PersistentVolume volume) {
        ObjectReference ref = volume.getSpec().getClaimRef();
        if (ref == null || ref.getUid() == null || ref.getUid().isEmpty()) {
            // Unused, or pre-bound to a claim that the claim's sync binds.
            volumePhase(volume, "Available", "");
            return SyncResult.done();
        }
        PersistentVolumeClaim claim = claims.getByKey(ref.getNamespace() + "/" + ref.getName());
        if (claim != null && !claim.getMetadata().getUid().equals(ref.getUid())) {
            claim = null;
        }
        if (claim == null) {
            // The claim is gone: released, then reclaimed.
            String phase = phase(volume);
            if (!phase.equals("Released") && !phase.equals("Failed")) {
                volume = volumePhase(volume, "Released", "");
            }
            return reclaim(volume);
        }
        String claimVolume = Objects.requireNonNullElse(claim.getSpec().getVolumeName(), "");
        if (claimVolume.isEmpty()) {
            // Binding in progress: the claim's sync finishes it.
            return SyncResult.done();
        }
        if (claimVolume.equals(volume.getMetadata().getName())) {
            volumePhase(volume, "Bound", "");
            return SyncResult.done();
        }
        // The claim is bound to another volume: a volume the controller bound is freed, a user's is released.
        if (VolumeAnnotations.has(volume, VolumeAnnotations.BOUND_BY_CONTROLLER)) {
            PersistentVolumeBuilder b = new PersistentVolumeBuilder(volume);
            b.editSpec().withClaimRef(null).endSpec();
            b.editMetadata().removeFromAnnotations(VolumeAnnotations.BOUND_BY_CONTROLLER).endMetadata();
            volumePhase(writes.updateVolume(b.build()), "Available", "");
        } else {
            volumePhase(volume, "Released", "");
        }
        return SyncResult.done();
    }

    // pv_controller.go reclaimVolume: Retain keeps the volume Released; Delete leaves a provisioned volume to its
    // provisioner and fails for a volume no plugin can delete.
    private SyncResult reclaim(PersistentVolume volume) {
        String policy = Objects.requireNonNullElse(volume.getSpec().getPersistentVolumeReclaimPolicy(), "Retain");
        switch (policy) {
            case "Retain" -> { }
            case "Delete" -> {
                String provisioner = VolumeAnnotations.get(volume, VolumeAnnotations.PROVISIONED_BY);
                if (provisioner.isEmpty()) {
                    String message = "error getting deleter volume plugin for volume \""
                            + volume.getMetadata().getName() + "\": no deletable volume plugin matched";
                    events.event(volume, EventRecorder.WARNING, "VolumeFailedDelete", message);
                    volumePhase(volume, "Failed", message);
                } else {
                    events.event(volume, EventRecorder.NORMAL, "ExternalDeleting", "Waiting for a volume to be "
                            + "deleted either by the external provisioner '" + provisioner
                            + "' or manually by the system administrator. If volume deletion is delayed, please "
                            + "verify that the provisioner is running and correctly registered.");
                }
            }
            default -> {
                String message = "Volume has unrecognized PersistentVolumeReclaimPolicy";
                events.event(volume, EventRecorder.WARNING, "VolumeUnknownReclaimPolicy", message);
                volumePhase(volume, "Failed", message);
            }
        }
        return SyncResult.done();
    }

    // pv_controller.go shouldDelayBinding: a class with volumeBindingMode WaitForFirstConsumer.
    private boolean shouldDelayBinding(PersistentVolumeClaim claim) {
        String className = StorageClasses.of(claim);
        StorageClass sc = className.isEmpty() ? null : classes.getByKey(className);
        return sc != null && "WaitForFirstConsumer".equals(sc.getVolumeBindingMode());
    }

    private SyncResult claimPhase(PersistentVolumeClaim claim, String phase) {
        if (claim.getStatus() == null || !phase.equals(claim.getStatus().getPhase())) {
            writes.updateClaimStatus(new PersistentVolumeClaimBuilder(claim).editOrNewStatus().withPhase(phase)
                    .endStatus().build());
        }
        return SyncResult.done();
    }

    private PersistentVolume volumePhase(PersistentVolume volume, String phase, String message) {
        if (phase.equals(phase(volume))) {
            return volume;
        }
        return writes.updateVolumeStatus(new PersistentVolumeBuilder(volume).editOrNewStatus()
                .withPhase(phase).withMessage(message.isEmpty() ? null : message).endStatus().build());
    }

    private static String phase(PersistentVolume volume) {
        return volume.getStatus() == null || volume.getStatus().getPhase() == null ? ""
                : volume.getStatus().getPhase();
    }

    private void event(PersistentVolumeClaim claim, String type, String reason, String message) {
        events.event(claim, type, reason, message);
    }
}
