package skiff.apiserver.registry.core;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import tools.jackson.databind.JsonNode;

/**
 * The rules for a pod being created, after its metadata passed the generic checks (k/k
 * pkg/apis/core/validation/validation.go ValidatePodCreate and validatePodMetadataAndSpec).
 */
final class PodValidation {
    private PodValidation() {}

    static List<FieldError> validateCreate(JsonNode pod) {
        List<FieldError> errors = new ArrayList<>(metadataAndSpec(pod, false));
        JsonNode spec = pod.path("spec");
        // k/k validation.go ValidatePodCreate: ephemeral containers come only through their subresource, and a pod
        // may not be bound while scheduling gates remain.
        if (!spec.path("ephemeralContainers").isEmpty()) {
            errors.add(FieldError.forbidden("spec.ephemeralContainers", "cannot be set on create"));
        }
        if (!GoFields.text(spec, "nodeName").isEmpty() && !spec.path("schedulingGates").isEmpty()) {
            errors.add(FieldError.forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"));
        }
        return errors;
    }

    /**
     * The pod's annotations and spec, as on create and on every update.
     *
     * @param allowInvalidDeletionCost whether the stored pod already had an invalid deletion cost
     */
    // k/k validation.go validatePodMetadataAndSpec: pod annotations, the spec, then the image rule that only pods have.
    static List<FieldError> metadataAndSpec(JsonNode pod, boolean allowInvalidDeletionCost) {
        JsonNode spec = pod.path("spec");
        List<FieldError> errors = new ArrayList<>(PodAnnotationValidation.validate(
                GoFields.stringMap(pod.path("metadata"), "annotations"), spec, "metadata.annotations",
                allowInvalidDeletionCost));
        errors.addAll(PodSpecValidation.validate(spec, "spec"));
        errors.addAll(ContainerValidation.imageWhitespace(spec.path("containers"), "spec.containers"));
        errors.addAll(ContainerValidation.imageWhitespace(spec.path("initContainers"), "spec.initContainers"));
        return errors;
    }
}
