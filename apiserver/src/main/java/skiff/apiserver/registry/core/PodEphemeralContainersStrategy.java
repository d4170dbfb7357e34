package skiff.apiserver.registry.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A pod's ephemeralcontainers subresource (k/k pkg/registry/core/pod/strategy.go podEphemeralContainersStrategy,
 * 1.32): only spec.ephemeralContainers is taken from the request, the rest stays as stored; the pod must stay valid,
 * and ephemeral containers may be added but never removed or changed (validation.go
 * ValidatePodEphemeralContainersUpdate).
 */
enum PodEphemeralContainersStrategy implements ResourceStrategy {
    INSTANCE;

    private static final String PATH = "spec.ephemeralContainers";

    // dropNonEphemeralContainerUpdates: the old pod with the new spec.ephemeralContainers.
    @Override
    public void prepareForUpdate(ObjectNode pod, ObjectNode old) {
        JsonNode ephemeral = pod.path("spec").get("ephemeralContainers");
        pod.removeAll();
        pod.setAll(old.deepCopy());
        if (ephemeral == null || ephemeral.isNull()) {
            pod.withObject("spec").remove("ephemeralContainers");
        } else {
            pod.withObject("spec").set("ephemeralContainers", ephemeral);
        }
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode pod, ObjectNode old) {
        List<FieldError> errors = new ArrayList<>(PodValidation.metadataAndSpec(pod,
                PodAnnotationValidation.hasInvalidDeletionCost(
                        GoFields.stringMap(old.path("metadata"), "annotations"))));
        errors.addAll(PodUpdateValidation.mirrorAnnotation(GoFields.stringMap(pod.path("metadata"), "annotations"),
                GoFields.stringMap(old.path("metadata"), "annotations")));
        if (old.path("metadata").path("annotations").has(PodAnnotationValidation.MIRROR)) {
            return List.of(FieldError.forbidden("", "static pods do not support ephemeral containers"));
        }
        Map<String, JsonNode> added = new HashMap<>();
        pod.path("spec").path("ephemeralContainers").forEach(c -> added.put(GoFields.text(c, "name"), c));
        for (JsonNode existing : old.path("spec").path("ephemeralContainers")) {
            String name = GoFields.text(existing, "name");
            JsonNode now = added.get(name);
            if (now == null) {
                errors.add(FieldError.forbidden(PATH, "existing ephemeral containers \"" + name
                        + "\" may not be removed\n"));
            } else if (!SemanticEquality.equal(existing, now)) {
                errors.add(FieldError.forbidden(PATH, "existing ephemeral containers \"" + name
                        + "\" may not be changed\n"));
            }
        }
        return errors;
    }
}
