package skiff.controllers.statefulset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import skiff.client.events.EventRecorder;

/**
 * The claims of a StatefulSet's pods, one per volumeClaimTemplate and ordinal, named
 * {@code TEMPLATE-SET-ORDINAL} and kept across pod replacement (k/k pkg/controller/statefulset/stateful_set_utils.go
 * getPersistentVolumeClaims, updateStorage, updateClaimOwnerRefForSetAndPod and stateful_pod_control.go
 * createPersistentVolumeClaims, 1.32). The persistentVolumeClaimRetentionPolicy is kept through controller
 * references: to the set when whenDeleted is Delete, to a scaled-down pod when whenScaled is Delete.
 */
final class VolumeClaims {
    private final Store<PersistentVolumeClaim> claims;
    private final KubernetesClient client;
    private final EventRecorder events;

    VolumeClaims(Store<PersistentVolumeClaim> claims, KubernetesClient client, EventRecorder events) {
        this.claims = claims;
        this.client = client;
        this.events = events;
    }

    /** The pod's claims by template name (getPersistentVolumeClaims). */
    static Map<String, PersistentVolumeClaim> forPod(StatefulSet set, Pod pod) {
        Map<String, PersistentVolumeClaim> out = new LinkedHashMap<>();
        List<PersistentVolumeClaim> templates = set.getSpec().getVolumeClaimTemplates();
        if (templates == null) {
            return out;
        }
        int ordinal = StatefulPods.ordinal(pod).orElse(-1);
        Map<String, String> selectorLabels = set.getSpec().getSelector() == null
                || set.getSpec().getSelector().getMatchLabels() == null ? Map.of()
                : set.getSpec().getSelector().getMatchLabels();
        for (PersistentVolumeClaim template : templates) {
            ObjectMeta meta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
            Map<String, String> labels = new HashMap<>();
            if (meta.getLabels() != null) {
                labels.putAll(meta.getLabels());
            }
            labels.putAll(selectorLabels);
            PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder(template).withNewMetadata()
                    .withName(meta.getName() + "-" + set.getMetadata().getName() + "-" + ordinal)
                    .withNamespace(set.getMetadata().getNamespace()).withLabels(labels)
                    .withAnnotations(meta.getAnnotations()).endMetadata()
                    .withStatus(null).build();
            out.put(meta.getName(), claim);
        }
        return out;
    }

    /** updateStorage: a persistentVolumeClaim volume per template, replacing a template volume of the same name. */
    static Pod withStorage(StatefulSet set, Pod pod) {
        Map<String, PersistentVolumeClaim> byTemplate = forPod(set, pod);
        if (byTemplate.isEmpty()) {
            return pod;
        }
        List<Volume> volumes = new ArrayList<>();
        byTemplate.forEach((name, claim) -> volumes.add(new VolumeBuilder().withName(name)
                .withNewPersistentVolumeClaim().withClaimName(claim.getMetadata().getName()).withReadOnly(false)
                .endPersistentVolumeClaim().build()));
        if (pod.getSpec().getVolumes() != null) {
            pod.getSpec().getVolumes().stream().filter(v -> !byTemplate.containsKey(v.getName()))
                    .forEach(volumes::add);
        }
        return new PodBuilder(pod).editSpec().withVolumes(volumes).endSpec().build();
    }

    /**
     * createPersistentVolumeClaims: the missing claims of the pod, each with an Event; false when one could not be
     * made or is being deleted, and the pod must wait.
     */
    boolean create(StatefulSet set, Pod pod) {
        boolean ok = true;
        for (PersistentVolumeClaim claim : forPod(set, pod).values()) {
            PersistentVolumeClaim existing = claims.getByKey(set.getMetadata().getNamespace() + "/"
                    + claim.getMetadata().getName());
            if (existing != null) {
                if (existing.getMetadata().getDeletionTimestamp() != null) {
                    ok = false;
                }
                continue;
            }
            try {
                client.persistentVolumeClaims().inNamespace(set.getMetadata().getNamespace())
                        .resource(withRetention(claim, set, pod)).create();
                events.event(set, EventRecorder.NORMAL, "SuccessfulCreate", "create Claim %s Pod %s in StatefulSet %s "
                        .formatted(claim.getMetadata().getName(), pod.getMetadata().getName(),
                                set.getMetadata().getName()) + "success");
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    events.event(set, EventRecorder.WARNING, "FailedCreate", "create Claim %s for Pod %s in "
                            .formatted(claim.getMetadata().getName(), pod.getMetadata().getName())
                            + "StatefulSet %s failed error: %s".formatted(set.getMetadata().getName(),
                                    e.getMessage()));
                    ok = false;
                }
            }
        }
        return ok;
    }

    /** UpdatePodClaimForRetentionPolicy: each existing claim of the pod gets the owners its policy asks for. */
    void updateRetention(StatefulSet set, Pod pod) {
        for (PersistentVolumeClaim template : forPod(set, pod).values()) {
            PersistentVolumeClaim claim = claims.getByKey(set.getMetadata().getNamespace() + "/"
                    + template.getMetadata().getName());
            if (claim == null || claim.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            PersistentVolumeClaim wanted = withRetention(claim, set, pod);
            if (!Objects.equals(owners(claim), owners(wanted))) {
                client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).resource(wanted)
                        .update();
            }
        }
    }

    // updateClaimOwnerRefForSetAndPod: the set's and pod's references scrubbed, then those the policy asks for.
    private static PersistentVolumeClaim withRetention(PersistentVolumeClaim claim, StatefulSet set, Pod pod) {
        Set<String> ours = Set.of(Objects.requireNonNullElse(set.getMetadata().getUid(), ""),
                Objects.requireNonNullElse(pod.getMetadata().getUid(), "-"));
        List<OwnerReference> refs = new ArrayList<>();
        for (OwnerReference ref : Objects.requireNonNullElse(claim.getMetadata().getOwnerReferences(),
                List.<OwnerReference>of())) {
            if (!ours.contains(ref.getUid()) && !isRefTo(ref, set, "StatefulSet") && !isRefTo(ref, pod, "Pod")) {
                refs.add(ref);
            }
        }
        StatefulSetPersistentVolumeClaimRetentionPolicy policy = set.getSpec()
                .getPersistentVolumeClaimRetentionPolicy();
        boolean deleteWithSet = policy != null && "Delete".equals(policy.getWhenDeleted());
        boolean deleteWhenScaled = policy != null && "Delete".equals(policy.getWhenScaled());
        boolean scaledDown = !inOrdinalRange(set, pod);
        if (deleteWhenScaled && scaledDown && pod.getMetadata().getUid() != null) {
            refs.add(controllerRef(pod, "v1", "Pod"));
        } else if (deleteWithSet && !(deleteWhenScaled && scaledDown)) {
            refs.add(controllerRef(set, "apps/v1", "StatefulSet"));
        }
        return new PersistentVolumeClaimBuilder(claim).editMetadata().withOwnerReferences(refs).endMetadata().build();
    }

    private static boolean isRefTo(OwnerReference ref, HasMetadata owner, String kind) {
        return kind.equals(ref.getKind()) && owner.getMetadata().getName().equals(ref.getName());
    }

    // podInOrdinalRange.
    private static boolean inOrdinalRange(StatefulSet set, Pod pod) {
        int ordinal = StatefulPods.ordinal(pod).orElse(-1);
        int start = StatefulPods.startOrdinal(set);
        return ordinal >= start && ordinal < start + StatefulPods.replicas(set);
    }

    private static OwnerReference controllerRef(HasMetadata owner, String apiVersion, String kind) {
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind)
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    private static Set<String> owners(PersistentVolumeClaim claim) {
        return Objects.requireNonNullElse(claim.getMetadata().getOwnerReferences(), List.<OwnerReference>of())
                .stream().map(OwnerReference::getUid).collect(Collectors.toSet());
    }
}
