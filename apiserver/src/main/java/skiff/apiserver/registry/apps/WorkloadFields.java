package skiff.apiserver.registry.apps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skiff.api.validation.FieldError;
import skiff.api.validation.GoStruct;
import skiff.apiserver.registry.core.GoFields;
import skiff.apiserver.registry.core.SemanticEquality;
import tools.jackson.databind.JsonNode;

/** Rules that several workload kinds share, each worded as Kubernetes words it. */
final class WorkloadFields {
    private WorkloadFields() {}

    // k/k staging/src/k8s.io/apimachinery/pkg/api/validation/generic.go ValidateNonnegativeField; a missing field is 0.
    static List<FieldError> nonNegative(JsonNode spec, String field, String path) {
        long value = spec.path(field).asLong(0);
        return value < 0 ? List.of(FieldError.invalid(path, value, "must be greater than or equal to 0")) : List.of();
    }

    // k/k pkg/registry/apps/*/strategy.go ValidateUpdate: apps/v1 selectors never change after creation.
    static List<FieldError> immutableSelector(JsonNode spec, JsonNode oldSpec) {
        JsonNode selector = spec.get("selector");
        if (SemanticEquality.equal(selector, oldSpec.get("selector"))) {
            return List.of();
        }
        return List.of(FieldError.invalid("spec.selector", WorkloadSelector.badValue(selector), "field is immutable"));
    }

    /** A struct-valued bad value with the given fields in order, skipping missing ones. */
    static GoStruct struct(JsonNode node, String... fields) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String f : fields) {
            if (GoFields.present(node.get(f)) && !(node.get(f).isContainer() && node.get(f).isEmpty())) {
                map.put(f, node.get(f));
            }
        }
        return new GoStruct(map);
    }
}
