package skiff.apiserver.registry.core;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.api.validation.ObjectMetaValidation;
import tools.jackson.databind.JsonNode;

/**
 * The rules for the pod template of a workload: its labels and annotations (reported on {@code <path>.labels}, not
 * {@code <path>.metadata.labels}, as Kubernetes does), then the pod spec (k/k pkg/apis/core/validation/validation.go
 * ValidatePodTemplateSpec).
 */
public final class PodTemplateValidation {
    private PodTemplateValidation() {}

    /**
     * @param template the template ({@code spec.template}); missing parts read as empty
     * @param path the template's path, such as {@code spec.template}
     * @param oldTemplate the stored template on update, else null: a deletion cost already invalid there stays allowed
     */
    public static List<FieldError> validate(JsonNode template, String path, JsonNode oldTemplate) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode meta = template.path("metadata");
        JsonNode spec = template.path("spec");
        errors.addAll(ObjectMetaValidation.validateLabels(GoFields.stringMap(meta, "labels"), path + ".labels"));
        errors.addAll(ObjectMetaValidation.validateAnnotations(GoFields.stringMap(meta, "annotations"),
                path + ".annotations"));
        errors.addAll(annotations(template, path, oldTemplate));
        errors.addAll(PodSpecValidation.validate(spec, path + ".spec"));
        if (!spec.path("ephemeralContainers").isEmpty()) {
            errors.add(FieldError.forbidden(path + ".spec.ephemeralContainers",
                    "ephemeral containers not allowed in pod template"));
        }
        return errors;
    }

    /**
     * The annotations with a meaning for pods, on the template ({@code <path>.annotations[...]}); a deletion cost that
     * {@code oldTemplate} (null on create) already had invalid stays allowed.
     */
    // k/k pkg/api/pod/util.go GetValidationOptionsFromPodTemplate: AllowInvalidPodDeletionCost for stored templates.
    public static List<FieldError> annotations(JsonNode template, String path, JsonNode oldTemplate) {
        boolean allowInvalidCost = oldTemplate != null && PodAnnotationValidation.hasInvalidDeletionCost(
                GoFields.stringMap(oldTemplate.path("metadata"), "annotations"));
        return PodAnnotationValidation.validate(GoFields.stringMap(template.path("metadata"), "annotations"),
                template.path("spec"), path + ".annotations", allowInvalidCost);
    }

    /** The template's restart policy must be Always and it may set no deadline, for every replicating workload. */
    // k/k pkg/apis/apps/validation/validation.go ValidatePodTemplateSpecForReplicaSet, and its siblings for the other
    // kinds: the kind named in the deadline message is theirs.
    public static List<FieldError> replicable(JsonNode template, String path, String kind) {
        List<FieldError> errors = new ArrayList<>();
        String restartPolicy = GoFields.text(template.path("spec"), "restartPolicy");
        if (!restartPolicy.equals("Always")) {
            errors.add(FieldError.notSupported(path + ".spec.restartPolicy", restartPolicy, List.of("Always")));
        }
        if (GoFields.present(template.path("spec").get("activeDeadlineSeconds"))) {
            errors.add(FieldError.forbidden(path + ".spec.activeDeadlineSeconds",
                    "activeDeadlineSeconds in " + kind + " is not Supported"));
        }
        return errors;
    }
}
