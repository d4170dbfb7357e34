package skiff.apiserver.registry.core;

import java.util.HashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Whether two JSON values decode to equal Go values: numbers compare by value, a missing field equals a null, empty
 * string, false or empty list or map (Go's zero values, and Kubernetes' semantic equality treats nil and empty lists
 * and maps alike).
 */
// k/k staging/src/k8s.io/apimachinery/pkg/api/equality/semantic.go Semantic.DeepEqual.
public final class SemanticEquality {
    private SemanticEquality() {}

    public static boolean equal(JsonNode a, JsonNode b) {
        boolean zeroA = isZero(a);
        boolean zeroB = isZero(b);
        if (zeroA || zeroB) {
            return zeroA && zeroB;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new HashSet<>(a.propertyNames());
            keys.addAll(b.propertyNames());
            for (String key : keys) {
                if (!equal(a.get(key), b.get(key))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Missing, null, "", false, an empty list or map; numbers are never zero here (their pointers may be set). */
    private static boolean isZero(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return true;
        }
        return node.isString() && node.stringValue().isEmpty() || node.isBoolean() && !node.booleanValue()
                || node.isContainer() && node.isEmpty();
    }
}
