package skiff.apiserver.apiextensions;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The conditions of a CRD's status (k/k 1.32 apiextensions-apiserver pkg/apis/apiextensions/helpers.go). */
final class CrdConditions {
    static final String ESTABLISHED = "Established";
    static final String NAMES_ACCEPTED = "NamesAccepted";
    static final String TERMINATING = "Terminating";

    private CrdConditions() {}

    static boolean isTrue(JsonNode crd, String type) {
        for (JsonNode c : crd.path("status").path("conditions")) {
            if (c.path("type").asString("").equals(type)) {
                return c.path("status").asString("").equals("True");
            }
        }
        return false;
    }

    /**
     * Sets one condition; its lastTransitionTime changes only when its status does (helpers.go
     * SetCRDCondition). Answers whether anything changed.
     */
    static boolean set(ObjectNode crd, String type, String status, String reason, String message, String now) {
        ArrayNode conditions = crd.withObject("status").withArray("conditions");
        for (JsonNode c : conditions) {
            if (c.path("type").asString("").equals(type)) {
                ObjectNode o = (ObjectNode) c;
                boolean same = o.path("status").asString("").equals(status)
                        && o.path("reason").asString("").equals(reason)
                        && o.path("message").asString("").equals(message);
                if (same) {
                    return false;
                }
                if (!o.path("status").asString("").equals(status)) {
                    o.put("lastTransitionTime", now);
                }
                o.put("status", status);
                o.put("reason", reason);
                o.put("message", message);
                return true;
            }
        }
        ObjectNode c = conditions.addObject();
        c.put("type", type);
        c.put("status", status);
        c.put("lastTransitionTime", now);
        c.put("reason", reason);
        c.put("message", message);
        return true;
    }
}
