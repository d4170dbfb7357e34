package skiff.apiserver.patch;

import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The patch merge keys of the built-in types, by field name, as their Go types declare them with
 * {@code patchStrategy:"merge" patchMergeKey:"..."} (k/k staging/src/k8s.io/api/core/v1/types.go, apps/v1,
 * meta/v1). Field names that mean different things in different types are rare among the served kinds.
 */
final class MergeKeys {
    private static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("containers", "name"),
            Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"),
            Map.entry("env", "name"),
            Map.entry("volumes", "name"),
            Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"),
            Map.entry("ports", "containerPort"),
            Map.entry("imagePullSecrets", "name"),
            Map.entry("conditions", "type"),
            Map.entry("ownerReferences", "uid"),
            Map.entry("hostAliases", "ip"),
            Map.entry("topologySpreadConstraints", "topologyKey"),
            Map.entry("resourceClaims", "name"),
            Map.entry("addresses", "type"),
            Map.entry("taints", "key"),
            Map.entry("schedulingGates", "name"),
            Map.entry("readinessGates", "conditionType"));
    private static final Set<String> MERGED_PRIMITIVE_LISTS = Set.of("finalizers");

    private MergeKeys() {}

    /**
     * The merge key for a list field, or null when the list is replaced whole. Service ports merge on "port",
     * container ports on "containerPort"; a list whose items lack the key (endpoint addresses) is replaced.
     */
    static String forList(String field, ArrayNode items) {
        String key = KEYS.get(field);
        if (key == null) {
            return null;
        }
        if (field.equals("ports") && hasKeyless(items, key)) {
            key = "port";
        }
        return hasKeyless(items, key) ? null : key;
    }

    private static boolean hasKeyless(ArrayNode items, String key) {
        for (JsonNode item : items) {
            if (item.isObject() && !item.has(key) && !item.has("$patch")) {
                return true;
            }
        }
        return false;
    }

    static boolean isMergedPrimitiveList(String field) {
        return MERGED_PRIMITIVE_LISTS.contains(field);
    }
}
