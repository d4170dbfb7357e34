package skiff.controllers.volume;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.client.events.EventRecorder;
import skiff.client.volumes.StorageClasses;
import skiff.controllers.framework.SyncResult;

/**
 * One sync of the local-path provisioner (rancher/local-path-provisioner provisioner.go Provision and Delete, driven
 * as sigs.k8s.io/sig-storage-lib-external-provisioner's controller drives it): provision a claim handed to it once it
 * has a node; for a released volume it made whose reclaim policy is Delete, run a helper pod on its node that removes
 * its directory, then delete the volume.
 */
final class LocalPathSync {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPathSync.class);
    // The label local-path-provisioner's node affinity selects a node by.
    private static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
    // k3s runs local-path-provisioner and its helper pods in kube-system, with a busybox image.
    static final String HELPER_NAMESPACE = "kube-system";
    private static final String HELPER_IMAGE = "busybox:1.36";
    private static final Duration HELPER_POLL = Duration.ofSeconds(1);

    private final Store<PersistentVolumeClaim> claims;
    private final Store<PersistentVolume> volumes;
    private final Store<StorageClass> classes;
    private final VolumeApi writes;
    private final EventRecorder events;
    private final String root;

    LocalPathSync(Store<PersistentVolumeClaim> claims, Store<PersistentVolume> volumes, Store<StorageClass> classes,
            VolumeApi writes, EventRecorder events, String root) {
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

    // provisioner.go Delete: a helper pod on the volume's node removes its directory, then the volume goes.
    SyncResult syncVolume(String name) {
        PersistentVolume volume = volumes.getByKey(name);
        if (volume == null || volume.getMetadata().getDeletionTimestamp() != null
                || !VolumeAnnotations.get(volume, VolumeAnnotations.PROVISIONED_BY).equals(LocalPathProvisioner.NAME)
                || volume.getStatus() == null || !"Released".equals(volume.getStatus().getPhase())
                || !"Delete".equals(volume.getSpec().getPersistentVolumeReclaimPolicy())) {
            return SyncResult.done();
        }
        try {
            Optional<String> node = nodeOf(volume);
            if (volume.getSpec().getHostPath() == null || node.isEmpty()) {
                writes.deleteVolume(name);
                return SyncResult.done();
            }
            String helper = helperName(name);
            Optional<Pod> pod = writes.pod(HELPER_NAMESPACE, helper);
            if (pod.isEmpty()) {
                writes.createPod(helperPod(helper, volume.getSpec().getHostPath().getPath(), node.get()));
                return SyncResult.requeueAfter(HELPER_POLL);
            }
            String phase = pod.get().getStatus() == null ? "" : pod.get().getStatus().getPhase();
            if ("Failed".equals(phase)) {
                writes.deletePod(HELPER_NAMESPACE, helper);
                events.event(volume, EventRecorder.WARNING, "VolumeFailedDelete", "failed to delete volume " + name
                        + ": the helper pod " + helper + " failed");
                return SyncResult.retry("helper pod " + helper + " failed");
            }
            if (!"Succeeded".equals(phase)) {
                return SyncResult.requeueAfter(HELPER_POLL);
            }
            writes.deletePod(HELPER_NAMESPACE, helper);
            writes.deleteVolume(name);
        } catch (KubernetesClientException e) {
            return SyncResult.retry("deleting volume " + name + ": " + e.getMessage());
        }
        LOG.info("deleted released volume={} and its directory", name);
        return SyncResult.done();
    }

    private static Optional<String> nodeOf(PersistentVolume volume) {
        if (volume.getSpec().getNodeAffinity() == null || volume.getSpec().getNodeAffinity().getRequired() == null) {
            return Optional.empty();
        }
        return volume.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms().stream()
                .flatMap(t -> t.getMatchExpressions().stream())
                .filter(e -> HOSTNAME_LABEL.equals(e.getKey()) && e.getValues() != null && !e.getValues().isEmpty())
                .map(e -> e.getValues().getFirst()).findFirst();
    }

    // provisioner.go createHelperPod: helper-pod-delete-<volume>, at most 63 characters.
    static String helperName(String volume) {
        String name = "helper-pod-delete-" + volume;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    // The volume's parent directory is mounted at the same path, so VOL_DIR names the directory both for a
    // container (runc) and for a host process (the process runtime).
    private static Pod helperPod(String name, String path, String node) {
        String parent = Path.of(path).getParent().toString();
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(HELPER_NAMESPACE).endMetadata()
                .withNewSpec()
                        .withNodeName(node).withRestartPolicy("Never").withAutomountServiceAccountToken(false)
                        .addNewToleration().withOperator("Exists").endToleration()
                        .addNewContainer().withName("helper-pod").withImage(HELPER_IMAGE)
                                .withCommand("sh", "-c", "rm -rf \"$VOL_DIR\"")
                                .addNewEnv().withName("VOL_DIR").withValue(path).endEnv()
                                .addNewVolumeMount().withName("data").withMountPath(parent).endVolumeMount()
                                .endContainer()
                        .addNewVolume().withName("data").withNewHostPath().withPath(parent)
                                .withType("DirectoryOrCreate").endHostPath().endVolume()
                        .endSpec()
                .build();
    }
}
