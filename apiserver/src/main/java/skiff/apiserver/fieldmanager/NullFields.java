package skiff.apiserver.fieldmanager;

import java.util.ArrayList;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drops fields whose value is null from a merged object. A null in an applied configuration (or a map the pruning
 * emptied) means the field is unset, which is how Kubernetes stores it once the typed object is encoded again.
 */
final class NullFields {
    private NullFields() {}

    static ObjectNode strip(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        stripIn(copy);
        return copy;
    }

    private static void stripIn(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> e : new ArrayList<>(o.properties())) {
                if (e.getValue().isNull()) {
                    o.remove(e.getKey());
                } else {
                    stripIn(e.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(NullFields::stripIn);
        }
    }
}
