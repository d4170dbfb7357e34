package skiff.apiserver.registry.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * The difference between a stored pod spec and a refused update, shown under the "pod updates may not change" error
 * in the shape of the Go diff Kubernetes prints there: for each differing field, at its narrowest path, a {@code -}
 * line with the stored value and a {@code +} line with the new one. Skiff's rendering: Kubernetes prints a go-cmp
 * diff of its internal types, which has no JSON equivalent, so this keeps only its layout and Go field names.
 */
// k/k pkg/apis/core/validation/validation.go ValidatePodUpdate: cmp.Diff(oldPod.Spec, mungedPodSpec) after the list.
final class PodSpecDiff {
    private PodSpecDiff() {}

    static String of(JsonNode old, JsonNode updated) {
        List<String> lines = new ArrayList<>();
        lines.add("  core.PodSpec{");
        diff("", old, updated, lines);
        lines.add("  }");
        return String.join("\n", lines) + "\n";
    }

    private static void diff(String path, JsonNode old, JsonNode updated, List<String> lines) {
        if (SemanticEquality.equal(old, updated)) {
            return;
        }
        if (old != null && updated != null && old.isObject() && updated.isObject()) {
            Set<String> fields = new LinkedHashSet<>(old.propertyNames());
            fields.addAll(updated.propertyNames());
            for (String field : fields) {
                String goName = Character.toUpperCase(field.charAt(0)) + field.substring(1);
                diff(path.isEmpty() ? goName : path + "." + goName, old.get(field), updated.get(field), lines);
            }
            return;
        }
        if (old != null && updated != null && old.isArray() && updated.isArray() && old.size() == updated.size()) {
            for (int i = 0; i < old.size(); i++) {
                diff(path + "[" + i + "]", old.get(i), updated.get(i), lines);
            }
            return;
        }
        if (old != null && !old.isNull()) {
            lines.add("- \t" + path + ": " + Json.string(old) + ",");
        }
        if (updated != null && !updated.isNull()) {
            lines.add("+ \t" + path + ": " + Json.string(updated) + ",");
        }
    }
}
