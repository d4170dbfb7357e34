package skiff.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import skiff.api.time.Clock;
import skiff.client.volumes.VolumeMatch;
import skiff.scheduler.framework.PodVolumes;

/**
 * The API side of kube-scheduler's VolumeBinding plugin (k/k pkg/scheduler/framework/plugins/volumebinding
 * volume_binding.go PreFilter and PreBind, binder.go BindPodVolumes, 1.32): PreFilter reads the pod's claims, PreBind
 * gives each unbound claim of a WaitForFirstConsumer class the chosen node (annotation
 * {@value #SELECTED_NODE}) and waits until the binder and the provisioner have bound them.
 */
final class VolumeBinding {
    static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    // k/k pv_controller.go annBoundByController and storage/v1 types.go NotSupportedProvisioner.
    private static final String BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
    private static final String NO_PROVISIONER = "kubernetes.io/no-provisioner";
    // volume_binding.go DefaultBindTimeoutSeconds.
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(600);
    private static final Duration POLL = Duration.ofMillis(100);

    /** PreFilter's outcome: the pod's volumes, or why no node can take the pod. */
    sealed interface Found {
        record Volumes(PodVolumes volumes) implements Found {}

        record Refused(String message) implements Found {}
    }

    private final Store<PersistentVolumeClaim> claims;
    private final Store<PersistentVolume> volumes;
    private final Store<StorageClass> classes;
    private final Function<String, Node> nodes;
    private final KubernetesClient client;
    private final Clock clock;

    VolumeBinding(Store<PersistentVolumeClaim> claims, Store<PersistentVolume> volumes, Store<StorageClass> classes,
            Function<String, Node> nodes, KubernetesClient client, Clock clock) {
        this.claims = claims;
        this.volumes = volumes;
        this.classes = classes;
        this.nodes = nodes;
        this.client = client;
        this.clock = clock;
    }

    // volume_binding.go PreFilter and binder.go GetPodVolumeClaims.
    Found preFilter(Pod pod) {
        List<PersistentVolume> bound = new ArrayList<>();
        List<PersistentVolumeClaim> delayed = new ArrayList<>();
        Set<String> unprovisionable = new HashSet<>();
        for (String name : claimNames(pod)) {
            PersistentVolumeClaim claim = claims.getByKey(pod.getMetadata().getNamespace() + "/" + name);
            if (claim == null) {
                return new Found.Refused("persistentvolumeclaim \"" + name + "\" not found");
            }
            if (claim.getMetadata().getDeletionTimestamp() != null) {
                return new Found.Refused("persistentvolumeclaim \"" + name + "\" is being deleted");
            }
            String volumeName = claim.getSpec().getVolumeName();
            if (volumeName != null && !volumeName.isEmpty() && isBound(claim)) {
                PersistentVolume pv = volumes.getByKey(volumeName);
                if (pv == null) {
                    return new Found.Refused("pvc(s) bound to non-existent pv(s)");
                }
                bound.add(pv);
                continue;
            }
            StorageClass sc = classes.getByKey(className(claim));
            if (sc != null && "WaitForFirstConsumer".equals(sc.getVolumeBindingMode())) {
                delayed.add(claim);
                // binder.go checkVolumeProvisions: this provisioner name means static volumes only.
                if (NO_PROVISIONER.equals(sc.getProvisioner())) {
                    unprovisionable.add(name);
                }
            } else {
                return new Found.Refused("pod has unbound immediate PersistentVolumeClaims");
            }
        }
        return new Found.Volumes(new PodVolumes(bound, delayed, delayed.isEmpty() ? List.of() : volumes.list(),
                unprovisionable));
    }

    /**
     * binder.go AssumePodVolumes and BindPodVolumes: each of the pod's unbound claims gets the volume the node fits
     * (its claimRef set, for the PV controller to finish the binding) or else the node to provision on; then waits
     * until every claim of the pod is bound.
     *
     * @throws IllegalStateException when the claims are not bound within the bind timeout
     */
    void preBind(Pod pod, String node) throws InterruptedException {
        Found found = preFilter(pod);
        if (!(found instanceof Found.Volumes v) || v.volumes().delayed().isEmpty()) {
            return;
        }
        Node chosen = nodes.apply(node);
        Set<String> taken = new HashSet<>();
        for (PersistentVolumeClaim claim : v.volumes().delayed()) {
            Optional<PersistentVolume> match = chosen == null ? Optional.empty()
                    : VolumeMatch.findForNode(claim, v.volumes().volumes(), chosen, taken);
            if (match.isPresent()) {
                taken.add(match.get().getMetadata().getName());
                bindVolume(match.get(), claim);
                continue;
            }
            Map<String, String> annotations = claim.getMetadata().getAnnotations();
            if (annotations == null || !node.equals(annotations.get(SELECTED_NODE))) {
                client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).resource(
                        new PersistentVolumeClaimBuilder(claim).editMetadata()
                                .addToAnnotations(SELECTED_NODE, node).endMetadata().build()).update();
            }
        }
        Instant deadline = clock.now().plus(BIND_TIMEOUT);
        while (!allBound(pod)) {
            if (clock.now().isAfter(deadline)) {
                throw new IllegalStateException("binding volumes: timed out waiting for the condition");
            }
            clock.sleep(POLL);
        }
    }

    // pv_helpers.go GetBindVolumeToClaim: the volume's claimRef names the claim, marked as set by a controller.
    private void bindVolume(PersistentVolume volume, PersistentVolumeClaim claim) {
        if (volume.getSpec().getClaimRef() != null) {
            return;
        }
        client.persistentVolumes().resource(new PersistentVolumeBuilder(volume).editMetadata()
                .addToAnnotations(BOUND_BY_CONTROLLER, "yes").endMetadata().editSpec().withNewClaimRef()
                .withKind("PersistentVolumeClaim").withApiVersion("v1")
                .withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                .withUid(claim.getMetadata().getUid()).withResourceVersion(claim.getMetadata().getResourceVersion())
                .endClaimRef().endSpec().build()).update();
    }

    private boolean allBound(Pod pod) {
        for (String name : claimNames(pod)) {
            PersistentVolumeClaim claim = claims.getByKey(pod.getMetadata().getNamespace() + "/" + name);
            if (claim == null || !isBound(claim)) {
                return false;
            }
        }
        return true;
    }

    // binder.go checkBindings: the binder has finished with the claim.
    private static boolean isBound(PersistentVolumeClaim claim) {
        Map<String, String> annotations = claim.getMetadata().getAnnotations();
        return claim.getSpec().getVolumeName() != null && !claim.getSpec().getVolumeName().isEmpty()
                && annotations != null && annotations.containsKey("pv.kubernetes.io/bind-completed");
    }

    private static String className(PersistentVolumeClaim claim) {
        Map<String, String> annotations = claim.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey("volume.beta.kubernetes.io/storage-class")) {
            return annotations.get("volume.beta.kubernetes.io/storage-class");
        }
        return claim.getSpec().getStorageClassName() == null ? "" : claim.getSpec().getStorageClassName();
    }

    static List<String> claimNames(Pod pod) {
        List<String> names = new ArrayList<>();
        for (Volume v : pod.getSpec().getVolumes() == null ? List.<Volume>of() : pod.getSpec().getVolumes()) {
            if (v.getPersistentVolumeClaim() != null) {
                names.add(v.getPersistentVolumeClaim().getClaimName());
            }
        }
        return names;
    }
}
