package skiff.controllers.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import skiff.api.selector.LabelSelector;

/**
 * Claims pods for one controller object: keeps the pods it owns that still match its selector, adopts matching
 * orphans and releases owned pods that stopped matching; pods owned by another controller are never touched (k/k
 * pkg/controller/controller_ref_manager.go PodControllerRefManager.ClaimPods, ClaimObject).
 */
public final class ControllerRefManager {
    private final HasMetadata controller;
    private final LabelSelector selector;
    private final PodControl pods;
    private final Supplier<Optional<String>> adoptionRefusal;
    private Optional<String> refusal;

    /**
     * @param adoptionRefusal a fresh read of the controller saying why it must not adopt (it is being deleted, or it
     *     was replaced by a namesake), asked at most once, before the first adoption
     */
    public ControllerRefManager(HasMetadata controller, LabelSelector selector, PodControl pods,
            Supplier<Optional<String>> adoptionRefusal) {
        this.controller = controller;
        this.selector = selector;
        this.pods = pods;
        this.adoptionRefusal = adoptionRefusal;
    }

    /** The pods this controller owns after the claim, and the adoptions and releases that failed. */
    public record Claim(List<Pod> owned, List<String> errors) {}

    public Claim claim(List<Pod> candidates) {
        List<Pod> owned = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Pod pod : candidates) {
            try {
                if (claimOne(pod)) {
                    owned.add(pod);
                }
            } catch (KubernetesClientException e) {
                errors.add(e.getMessage());
            } catch (AdoptionRefused e) {
                errors.add(e.getMessage());
            }
        }
        return new Claim(List.copyOf(owned), List.copyOf(errors));
    }

    private boolean claimOne(Pod pod) {
        boolean matches = selector.matches(pod.getMetadata().getLabels());
        boolean controllerDeleting = controller.getMetadata().getDeletionTimestamp() != null;
        Optional<OwnerReference> ref = controllerOf(pod);
        if (ref.isPresent()) {
            // Owned by someone else: not ours to touch.
            if (!Objects.equals(ref.get().getUid(), controller.getMetadata().getUid())) {
                return false;
            }
            if (matches) {
                return true;
            }
            // Ours but no longer selected: release it, unless we are going away anyway.
            if (!controllerDeleting) {
                release(pod);
            }
            return false;
        }
        // An orphan: adopt it if it matches, neither side is being deleted and it lives in our namespace.
        if (controllerDeleting || !matches || pod.getMetadata().getDeletionTimestamp() != null
                || !Objects.equals(pod.getMetadata().getNamespace(), controller.getMetadata().getNamespace())) {
            return false;
        }
        return adopt(pod);
    }

    private boolean adopt(Pod pod) {
        if (refusal == null) {
            refusal = adoptionRefusal.get();
        }
        if (refusal.isPresent()) {
            throw new AdoptionRefused("cannot adopt pod " + pod.getMetadata().getName() + ": " + refusal.get());
        }
        List<OwnerReference> refs = new ArrayList<>(ownerReferences(pod));
        refs.add(controllerRef(controller));
        try {
            pods.setOwnerReferences(pod, refs);
            return true;
        } catch (KubernetesClientException e) {
            // The pod went away meanwhile: nothing to own.
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private void release(Pod pod) {
        List<OwnerReference> refs = ownerReferences(pod).stream()
                .filter(r -> !Objects.equals(r.getUid(), controller.getMetadata().getUid())).toList();
        try {
            pods.setOwnerReferences(pod, refs);
        } catch (KubernetesClientException e) {
            // k/k controller_ref_manager.go ReleasePod: a pod that is gone or no longer valid needs no release.
            if (e.getCode() != 404 && e.getCode() != 422) {
                throw e;
            }
        }
    }

    /** The owner reference a controller sets on what it owns: controller and blockOwnerDeletion both true. */
    public static OwnerReference controllerRef(HasMetadata controller) {
        return new OwnerReferenceBuilder()
                .withApiVersion(controller.getApiVersion())
                .withKind(controller.getKind())
                .withName(controller.getMetadata().getName())
                .withUid(controller.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /** The owner reference marked {@code controller: true}, if any (k/k apimachinery metav1.GetControllerOf). */
    public static Optional<OwnerReference> controllerOf(HasMetadata object) {
        return ownerReferences(object).stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
    }

    private static List<OwnerReference> ownerReferences(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        return refs == null ? List.of() : refs;
    }

    private static final class AdoptionRefused extends RuntimeException {
        AdoptionRefused(String message) {
            super(message);
        }
    }
}
