package skiff.apiserver.patch;

import io.fabric8.zjsonpatch.JsonPatch;
import skiff.api.json.Json;
import skiff.apiserver.status.StatusException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * An RFC 6902 JSON patch with Kubernetes' bounds on the work it may cause: at most 10,000 operations, and "copy"
 * operations that add at most 3 MiB in all, so a patch that doubles a field again and again fails early.
 */
// k/k apiserver endpoints/handlers/patch.go (1.32) maxJSONPatchOperations, and server/config.go
// JSONPatchMaxCopyBytes, which arms json-patch's AccumulatedCopySizeLimit.
public final class BoundedJsonPatch {
    static final int MAX_OPERATIONS = 10_000;
    static final long MAX_COPY_BYTES = 3L * 1024 * 1024;

    private BoundedJsonPatch() {}

    /** Applies {@code patch}, an array of operations, to a copy of {@code target}. */
    public static JsonNode apply(JsonNode target, ArrayNode patch) {
        if (patch.size() > MAX_OPERATIONS) {
            throw StatusException.tooLarge("Request entity too large: The allowed maximum operations in a JSON patch is "
                    + MAX_OPERATIONS + ", got " + patch.size());
        }
        JsonNode document = target;
        ArrayNode segment = patch.arrayNode();
        long copied = 0;
        for (JsonNode op : patch) {
            if (op.path("op").asString("").equals("copy") && op.path("from").isString()) {
                // The size a copy adds is that of its source in the document as the operations before left it.
                document = applySegment(document, segment);
                segment = patch.arrayNode();
                JsonNode source = document.at(JsonPointer.compile(valid(op.path("from").asString())));
                copied += source.isMissingNode() ? 0 : Json.bytes(source).length;
                if (copied > MAX_COPY_BYTES) {
                    throw StatusException.unprocessable("Unable to complete the copy, the accumulated size increase of "
                            + "copy is " + copied + ", exceeding the limit " + MAX_COPY_BYTES);
                }
            }
            segment.add(op);
        }
        return applySegment(document, segment);
    }

    private static JsonNode applySegment(JsonNode document, ArrayNode segment) {
        return segment.isEmpty() ? document : JsonPatch.apply(segment, document);
    }

    /** A pointer Jackson can compile; an invalid one is left for the patch itself to refuse. */
    private static String valid(String pointer) {
        return pointer.isEmpty() || pointer.startsWith("/") ? pointer : "/" + pointer;
    }
}
