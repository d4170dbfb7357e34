package skiff.apiserver.apiextensions;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import skiff.apiserver.registry.StoredObjects;
import tools.jackson.databind.JsonNode;

/**
 * Whether another CRD of the same group already uses a CRD's names (k/k 1.32 apiextensions-apiserver
 * pkg/controller/status/naming_controller.go calculateNamesAndConditions): plural, singular and short names share
 * one space, kind and listKind another.
 */
final class NameConflicts {
    private NameConflicts() {}

    /** The conflict's message, or null when the names are free. */
    static String find(JsonNode crd, List<? extends JsonNode> all) {
        String group = crd.path("spec").path("group").asString("");
        Set<String> resources = new HashSet<>();
        Set<String> kinds = new HashSet<>();
        for (JsonNode other : all) {
            if (StoredObjects.name(other).equals(StoredObjects.name(crd))
                    || !other.path("spec").path("group").asString("").equals(group)) {
                continue;
            }
            JsonNode accepted = other.path("status").path("acceptedNames");
            resources.add(accepted.path("plural").asString(""));
            resources.add(accepted.path("singular").asString(""));
            accepted.path("shortNames").forEach(n -> resources.add(n.asString("")));
            kinds.add(accepted.path("kind").asString(""));
            kinds.add(accepted.path("listKind").asString(""));
        }
        resources.remove("");
        kinds.remove("");
        JsonNode names = crd.path("spec").path("names");
        for (String field : new String[] {"plural", "singular"}) {
            String value = names.path(field).asString("");
            if (resources.contains(value)) {
                return "\"" + value + "\" is already in use";
            }
        }
        for (JsonNode shortName : names.path("shortNames")) {
            if (resources.contains(shortName.asString(""))) {
                return "\"" + shortName.asString("") + "\" is already in use";
            }
        }
        for (String field : new String[] {"kind", "listKind"}) {
            String value = names.path(field).asString("");
            if (kinds.contains(value)) {
                return field + " \"" + value + "\" is already in use";
            }
        }
        return null;
    }
}
