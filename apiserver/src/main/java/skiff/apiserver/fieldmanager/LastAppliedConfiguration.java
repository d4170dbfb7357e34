package skiff.apiserver.fieldmanager;

import java.nio.charset.StandardCharsets;
import skiff.api.json.Json;
import skiff.api.validation.GoJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bridge between client-side and server-side apply for the "kubectl" manager (k/k apimachinery
 * util/managedfields/internal lastappliedmanager.go and lastappliedupdater.go): fields whose value still matches
 * the client-side {@code last-applied-configuration} may be taken over without a conflict, and a server-side apply
 * keeps that annotation up to date so that a later client-side apply still sees what was applied.
 */
final class LastAppliedConfiguration {
    static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
    static final String KUBECTL = "kubectl";

    private LastAppliedConfiguration() {}

    /**
     * The fields the annotation claims that still hold the value it records; null when the object has no usable
     * annotation (then no conflict is forgiven).
     */
    static FieldSet allowedConflicts(JsonNode live, SchemaType type, String apiVersion) {
        String text = annotation(live);
        if (text.isEmpty()) {
            return null;
        }
        JsonNode lastApplied;
        try {
            lastApplied = Json.parse(text.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null;
        }
        if (!lastApplied.isObject() || !apiVersion.equals(lastApplied.path("apiVersion").asString(""))) {
            return null;
        }
        try {
            Comparison c = Comparison.of(lastApplied, live, type);
            return ValueFields.of(lastApplied, type).difference(c.modified()).difference(c.added())
                    .difference(c.removed());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Rewrites an existing annotation on {@code result} from the applied configuration. */
    static void sync(ObjectNode result, JsonNode config) {
        if (annotation(result).isEmpty()) {
            return;
        }
        JsonNode applied = config.deepCopy();
        if (applied.path("metadata").path("annotations") instanceof ObjectNode annotations) {
            annotations.remove(ANNOTATION);
        }
        // The value is what Go's JSON encoder writes for the configuration: sorted keys and a final newline.
        ((ObjectNode) result.get("metadata").get("annotations")).put(ANNOTATION, GoJson.of(applied) + "\n");
    }

    private static String annotation(JsonNode object) {
        JsonNode value = object.path("metadata").path("annotations").path(ANNOTATION);
        return value.isString() ? value.stringValue() : "";
    }
}
