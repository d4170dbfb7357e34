package skiff.apiserver.http;

import java.util.List;
import skiff.apiserver.patch.BoundedJsonPatch;
import skiff.apiserver.patch.JsonMergePatch;
import skiff.apiserver.patch.StrategicMergePatch;
import skiff.apiserver.registry.ObjectPart;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.StoredObjects;
import skiff.apiserver.registry.WriteOptions;
import skiff.apiserver.registry.WriteOutcome;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PATCH in the four content types Kubernetes accepts (k/k apiserver endpoints/handlers/patch.go). The patch is
 * applied to the current object inside the registry's compare-and-swap loop, so a concurrent write makes it
 * re-apply, and a resourceVersion inside the patch pins the version it applies to. Server-side apply merges the
 * configuration with field ownership and conflicts (see {@link ResourceStorage#apply}).
 */
final class PatchHandler {
    static final String APPLY_YAML = "application/apply-patch+yaml";
    // k/k apiserver endpoints/installer.go (1.32): the patch types of a built-in resource, in this order.
    private static final List<String> TYPES = List.of("application/json-patch+json", "application/merge-patch+json",
            "application/strategic-merge-patch+json", APPLY_YAML);

    // k/k 1.32 apiextensions-apiserver customresource_handler.go: custom resources take no strategic merge patch.
    private static final List<String> CUSTOM_TYPES = List.of("application/json-patch+json",
            "application/merge-patch+json", APPLY_YAML);

    /** The patch's media type, one of those Kubernetes takes for a built-in resource, else a 415. */
    static String patchType(Exchange ex) {
        return patchType(ex, TYPES);
    }

    /** The patch's media type, one of those Kubernetes takes for {@code def}, else a 415. */
    static String patchType(Exchange ex, ResourceDefinition def) {
        return patchType(ex, def.isCustom() ? CUSTOM_TYPES : TYPES);
    }

    private static String patchType(Exchange ex, List<String> types) {
        String type = ex.contentType();
        if (!types.contains(type)) {
            throw StatusException.unsupportedMediaType("the body of the request was in an unknown format - "
                    + "accepted media types include: " + String.join(", ", types));
        }
        return type;
    }

    WriteOutcome patch(Exchange ex, ResourceStorage storage, String namespace, String name, ObjectPart part) {
        String type = patchType(ex, storage.definition());
        JsonNode patch = ex.patchTree(type.equals(APPLY_YAML));
        WriteOptions options = RequestOptions.write(ex);
        // The current object decodes, so the unknown fields and wrong types of the patched one came with the patch.
        FieldValidation fields = FieldValidation.of(ex, storage.definition(), "PatchOptions");
        WriteOutcome outcome = switch (type) {
            case "application/merge-patch+json" -> storage.modify(namespace, name, part, options,
                    current -> fields.checkPatched(object(JsonMergePatch.apply(current, patch))), null);
            case "application/strategic-merge-patch+json" -> storage.modify(namespace, name, part, options,
                    current -> fields.checkPatched(object(StrategicMergePatch.apply(current, patch))), null);
            case "application/json-patch+json" -> storage.modify(namespace, name, part, options,
                    current -> fields.checkPatched(object(jsonPatch(current, patch))), null);
            default -> apply(ex, storage, namespace, name, part, fields, patch, options);
        };
        fields.warn(ex);
        return outcome;
    }

    /**
     * Server-side apply of {@code patch}, a configuration decoded like any other body: a value of the wrong type
     * refuses it and unknown fields follow fieldValidation, so neither reaches the stored object.
     */
    private static WriteOutcome apply(Exchange ex, ResourceStorage storage, String namespace, String name,
            ObjectPart part, FieldValidation fields, JsonNode patch, WriteOptions options) {
        if (options.fieldManager() == null || options.fieldManager().isEmpty()) {
            throw StatusException.badRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: "
                    + "is required for apply patch");
        }
        ObjectNode applied = fields.check(object(patch));
        ObjectNode meta = StoredObjects.metadata(applied);
        if (!meta.path("name").asString(name).equals(name)) {
            throw StatusException.badRequest("the name of the object (" + meta.path("name").asString()
                    + ") does not match the name on the URL (" + name + ")");
        }
        meta.put("name", name);
        return storage.apply(namespace, name, part, options, applied, ex.flag("force"));
    }

    static JsonNode jsonPatch(ObjectNode current, JsonNode patch) {
        if (!patch.isArray()) {
            throw StatusException.badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }
        try {
            return BoundedJsonPatch.apply(current, (ArrayNode) patch);
        } catch (StatusException e) {
            throw e;
        } catch (RuntimeException e) {
            throw StatusException.unprocessable(e.getMessage());
        }
    }

    private static ObjectNode object(JsonNode node) {
        if (!(node instanceof ObjectNode o)) {
            throw StatusException.badRequest("the patch does not produce an object");
        }
        return o;
    }
}
