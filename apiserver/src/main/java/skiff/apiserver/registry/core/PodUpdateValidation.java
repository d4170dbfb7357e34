package skiff.apiserver.registry.core;

import static skiff.apiserver.registry.core.GoFields.present;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import skiff.api.validation.FieldError;
import skiff.api.validation.PortValidation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules for updating a pod: it must still be a valid pod, and its spec may change only in container images, a
 * shorter active deadline, added tolerations, removed scheduling gates and a negative grace period raised to one
 * (k/k pkg/apis/core/validation/validation.go ValidatePodUpdate).
 */
final class PodUpdateValidation {
    private static final String UPDATABLE = String.join(",",
            "`spec.containers[*].image`",
            "`spec.initContainers[*].image`",
            "`spec.activeDeadlineSeconds`",
            "`spec.tolerations` (only additions to existing tolerations)",
            "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)");
    private static final long MAX_INT32 = Integer.MAX_VALUE;

    private PodUpdateValidation() {}

    static List<FieldError> validate(JsonNode pod, JsonNode old) {
        Map<String, String> oldAnnotations = GoFields.stringMap(old.path("metadata"), "annotations");
        List<FieldError> errors = new ArrayList<>(PodValidation.metadataAndSpec(pod,
                PodAnnotationValidation.hasInvalidDeletionCost(oldAnnotations)));
        errors.addAll(mirrorAnnotation(GoFields.stringMap(pod.path("metadata"), "annotations"), oldAnnotations));
        JsonNode spec = pod.path("spec");
        JsonNode oldSpec = old.path("spec");
        for (String list : List.of("containers", "initContainers")) {
            Optional<List<FieldError>> containerErrors = containerUpdates(spec.path(list), oldSpec.path(list),
                    "spec." + list);
            if (containerErrors.isEmpty()) {
                errors.add(FieldError.forbidden("spec." + list, "pod updates may not add or remove containers"));
                return errors;
            }
            errors.addAll(containerErrors.get());
        }
        if (activeDeadlineUpdate(spec.get("activeDeadlineSeconds"), oldSpec.get("activeDeadlineSeconds"), errors)) {
            return errors;
        }
        errors.addAll(onlyAddedTolerations(spec.path("tolerations"), oldSpec.path("tolerations")));
        errors.addAll(onlyRemovedSchedulingGates(spec.path("schedulingGates"), oldSpec.path("schedulingGates")));
        ObjectNode munged = munge(spec, oldSpec);
        if (!SemanticEquality.equal(munged, oldSpec)) {
            errors.add(FieldError.forbidden("spec", "pod updates may not change fields other than " + UPDATABLE + "\n"
                    + PodSpecDiff.of(oldSpec, munged)));
        }
        return errors;
    }

    // k/k validation.go ValidatePodSpecificAnnotationUpdates: the mirror pod annotation is the kubelet's alone, and the
    // pod's annotations stay valid.
    static List<FieldError> annotationUpdates(JsonNode pod, JsonNode old) {
        Map<String, String> annotations = GoFields.stringMap(pod.path("metadata"), "annotations");
        Map<String, String> oldAnnotations = GoFields.stringMap(old.path("metadata"), "annotations");
        List<FieldError> errors = new ArrayList<>(mirrorAnnotation(annotations, oldAnnotations));
        errors.addAll(PodAnnotationValidation.validate(annotations, pod.path("spec"), "metadata.annotations",
                PodAnnotationValidation.hasInvalidDeletionCost(oldAnnotations)));
        return errors;
    }

    static List<FieldError> mirrorAnnotation(Map<String, String> annotations, Map<String, String> old) {
        String key = PodAnnotationValidation.MIRROR;
        String path = "metadata.annotations[" + key + "]";
        if (old.containsKey(key) && !old.get(key).equals(annotations.get(key))) {
            return List.of(FieldError.forbidden(path, "may not remove or update mirror pod annotation"));
        }
        if (!old.containsKey(key) && annotations.containsKey(key)) {
            return List.of(FieldError.forbidden(path, "may not add mirror pod annotation"));
        }
        return List.of();
    }

    // k/k validation.go ValidateContainerUpdates: the same number of containers, each still with a clean image;
    // empty when containers were added or removed.
    private static Optional<List<FieldError>> containerUpdates(JsonNode containers, JsonNode old, String path) {
        if (containers.size() != old.size()) {
            return Optional.empty();
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < containers.size(); i++) {
            String image = GoFields.text(containers.get(i), "image");
            if (image.isEmpty()) {
                errors.add(FieldError.required(path + "[" + i + "].image", ""));
            }
            if (!image.equals(image.strip())) {
                errors.add(FieldError.invalid(path + "[" + i + "].image", image,
                        "must not have leading or trailing whitespace"));
            }
        }
        return Optional.of(errors);
    }

    // k/k validation.go ValidatePodUpdate: the active deadline may be set, or lowered, but never raised or removed;
    // answers whether validation stops here, as it does for an out-of-range or raised deadline.
    private static boolean activeDeadlineUpdate(JsonNode deadline, JsonNode old, List<FieldError> errors) {
        String path = "spec.activeDeadlineSeconds";
        if (present(deadline)) {
            long seconds = deadline.asLong(0);
            if (seconds < 0 || seconds > MAX_INT32) {
                errors.add(FieldError.invalid(path, seconds, PortValidation.inclusiveRangeError(0, MAX_INT32)));
                return true;
            }
            if (present(old) && old.asLong(0) < seconds) {
                errors.add(FieldError.invalid(path, seconds, "must be less than or equal to previous value"));
                return true;
            }
        } else if (present(old)) {
            errors.add(FieldError.invalid(path, null, "must not update from a positive integer to nil value"));
        }
        return false;
    }

    // k/k validation.go validateOnlyAddedTolerations: every existing toleration must still be there, tolerationSeconds
    // aside.
    private static List<FieldError> onlyAddedTolerations(JsonNode tolerations, JsonNode old) {
        for (JsonNode existing : old) {
            boolean kept = false;
            for (JsonNode t : tolerations) {
                kept = kept || SemanticEquality.equal(withoutSeconds(existing), withoutSeconds(t));
            }
            if (!kept) {
                return List.of(FieldError.forbidden("spec.tolerations",
                        "existing toleration can not be modified except its tolerationSeconds"));
            }
        }
        return List.of();
    }

    private static JsonNode withoutSeconds(JsonNode toleration) {
        if (!(toleration instanceof ObjectNode o)) {
            return toleration;
        }
        ObjectNode copy = o.deepCopy();
        copy.remove("tolerationSeconds");
        return copy;
    }

    // k/k validation.go validateOnlyDeletedSchedulingGates: no gate may be added once the pod exists.
    private static List<FieldError> onlyRemovedSchedulingGates(JsonNode gates, JsonNode old) {
        List<String> existing = new ArrayList<>();
        old.forEach(g -> existing.add(GoFields.text(g, "name")));
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < gates.size(); i++) {
            String name = GoFields.text(gates.get(i), "name");
            if (!existing.contains(name)) {
                errors.add(FieldError.forbidden("spec.schedulingGates[" + i + "].name",
                        "only deletion is allowed, but found new scheduling gate '" + name + "'"));
            }
        }
        return errors;
    }

    /** The new spec with every field a pod update may change put back to its stored value. */
    private static ObjectNode munge(JsonNode spec, JsonNode old) {
        ObjectNode munged = spec instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
        for (String list : List.of("containers", "initContainers")) {
            if (munged.get(list) instanceof ArrayNode containers) {
                for (int i = 0; i < containers.size(); i++) {
                    if (containers.get(i) instanceof ObjectNode c) {
                        copy(old.path(list).path(i), c, "image");
                    }
                }
            }
        }
        for (String field : List.of("activeDeadlineSeconds", "schedulingGates", "tolerations")) {
            copy(old, munged, field);
        }
        JsonNode oldGrace = old.get("terminationGracePeriodSeconds");
        JsonNode grace = munged.get("terminationGracePeriodSeconds");
        if (present(oldGrace) && oldGrace.asLong() < 0 && present(grace) && grace.asLong() == 1) {
            munged.set("terminationGracePeriodSeconds", oldGrace.deepCopy());
        }
        return munged;
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (present(value)) {
            to.set(field, value.deepCopy());
        } else {
            to.remove(field);
        }
    }
}
