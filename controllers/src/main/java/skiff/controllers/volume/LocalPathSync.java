package skiff.controllers.volume;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.client.events.EventRecorder;
import skiff.controllers.framework.SyncResult;

/**
 * One sync of the local-path provisioner (rancher/local-path-provisioner provisioner.go Provision and Delete, driven
 * as sigs.k8s.io/sig-storage-lib-external-provisioner's controller drives it): provision a claim handed to it once it
 * has a node, delete a released volume it made whose reclaim policy is Delete.
 */
final class LocalPathSync {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPathSync.class);
    // The label local-path-provisioner's node affinity selects a node by.
    private static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

    private final Store<PersistentVolumeClaim> claims;
    private final Store<PersistentVolume> volumes;
    private final Store<StorageClass> classes;
    private final VolumeWrites writes;
    private final EventRecorder events;
    private final String root;

    LocalPathSync(Store<PersistentVolumeClaim> claims, Store<PersistentVolume> volumes, Store<StorageClass> classes,
            VolumeWrites writes, EventRecorder events, String root) {
        this.claims = claims;
        this.volumes = volumes;
        this.classes = classes;
        this.writes = writes;
        this.events = events;
        this.root = root;
    }

    SyncResult syncClaim(String key) {
        PersistentVolumeClaim claim = claims.getByKey(key);
        if (claim == null || claim.getMetadata().getDeletionTimestamp() != null
                || !Objects.requireNonNullElse(claim.getSpec().getVolumeName(), "").isEmpty()
                || !VolumeAnnotations.get(claim, VolumeAnnotations.STORAGE_PROVISIONER)
                        .equals(LocalPathProvisioner.NAME)) {
            return SyncResult.done();
        }
        StorageClass sc = classes.getByKey(StorageClasses.of(claim));
        if (sc == null || !LocalPathProvisioner.NAME.equals(sc.getProvisioner())) {
            return SyncResult.done();
        }
        String volumeName = "pvc-" + claim.getMetadata().getUid();
        if (volumes.getByKey(volumeName) != null) {
            return SyncResult.done();
        }
        String node = VolumeAnnotations.get(claim, VolumeAnnotations.SELECTED_NODE);
        String claimName = claim.getMetadata().getNamespace() + "/" + claim.getMetadata().getName();
        if (node.isEmpty()) {
            // provisioner.go Provision: a local volume needs its node, which only a delayed binding gives.
            events.event(claim, EventRecorder.WARNING, "ProvisioningFailed", "failed to provision volume with "
                    + "StorageClass \"" + sc.getMetadata().getName() + "\": configuration error, no node was "
                    + "specified");
            return SyncResult.done();
        }
        events.event(claim, EventRecorder.NORMAL, "Provisioning",
                "External provisioner is provisioning volume for claim \"" + claimName + "\"");
        try {
            writes.createVolume(volume(claim, sc, volumeName, node));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return SyncResult.done();
            }
            events.event(claim, EventRecorder.WARNING, "ProvisioningFailed", "failed to provision volume with "
                    + "StorageClass \"" + sc.getMetadata().getName() + "\": " + e.getMessage());
            return SyncResult.retry("provisioning " + claimName + ": " + e.getMessage());
        }
        LOG.info("provisioned volume={} for claim={} on node={}", volumeName, claimName, node);
        events.event(claim, EventRecorder.NORMAL, "ProvisioningSucceeded",
                "Successfully provisioned volume " + volumeName);
        return SyncResult.done();
    }

    // provisioner.go Provision: pvc-<uid>_<namespace>_<name> under the root, pre-bound to the claim.
    private PersistentVolume volume(PersistentVolumeClaim claim, StorageClass sc, String name, String node) {
        String folder = name + "_" + claim.getMetadata().getNamespace() + "_" + claim.getMetadata().getName();
        Quantity request = claim.getSpec().getResources().getRequests().get("storage");
        return new PersistentVolumeBuilder()
                .withNewMetadata().withName(name)
                        .addToAnnotations(VolumeAnnotations.PROVISIONED_BY, LocalPathProvisioner.NAME)
                        .endMetadata()
                .withNewSpec()
                        .withCapacity(Map.of("storage", request))
                        .withAccessModes(claim.getSpec().getAccessModes())
                        .withPersistentVolumeReclaimPolicy(Objects.requireNonNullElse(sc.getReclaimPolicy(),
                                "Delete"))
                        .withStorageClassName(sc.getMetadata().getName())
                        .withVolumeMode(claim.getSpec().getVolumeMode())
                        .withClaimRef(new ObjectReferenceBuilder().withKind("PersistentVolumeClaim")
                                .withApiVersion("v1").withNamespace(claim.getMetadata().getNamespace())
                                .withName(claim.getMetadata().getName()).withUid(claim.getMetadata().getUid())
                                .withResourceVersion(claim.getMetadata().getResourceVersion()).build())
                        .withNewHostPath().withPath(root + "/" + folder).withType("DirectoryOrCreate")
                                .endHostPath()
                        .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                                .withKey(HOSTNAME_LABEL).withOperator("In").withValues(node)
                                .endMatchExpression().endNodeSelectorTerm().endRequired().endNodeAffinity()
                        .endSpec()
                .build();
    }

    SyncResult syncVolume(String name) {
        PersistentVolume volume = volumes.getByKey(name);
        if (volume == null || volume.getMetadata().getDeletionTimestamp() != null
                || !VolumeAnnotations.get(volume, VolumeAnnotations.PROVISIONED_BY).equals(LocalPathProvisioner.NAME)
                || volume.getStatus() == null || !"Released".equals(volume.getStatus().getPhase())
                || !"Delete".equals(volume.getSpec().getPersistentVolumeReclaimPolicy())) {
            return SyncResult.done();
        }
        try {
            writes.deleteVolume(name);
        } catch (KubernetesClientException e) {
            return SyncResult.retry("deleting volume " + name + ": " + e.getMessage());
        }
        LOG.info("deleted released volume={}", name);
        return SyncResult.done();
    }
}
