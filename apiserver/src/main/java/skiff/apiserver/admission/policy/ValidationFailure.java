package skiff.apiserver.admission.policy;

import java.util.List;
import skiff.api.json.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit annotation of a failed validation whose binding audits it (k/k 1.32 apiserver
 * pkg/admission/plugin/policy/validating/dispatcher.go publishValidationFailureAnnotation, ValidationFailureValue):
 * a JSON list of one failure, as Go's encoding/json writes it.
 */
final class ValidationFailure {
    static final String KEY = "validation.policy.admission.k8s.io/validation_failure";

    private ValidationFailure() {}

    static String value(String message, String policy, String binding, int expressionIndex, List<String> actions) {
        ArrayNode list = Json.mapper().createArrayNode();
        ObjectNode failure = list.addObject();
        failure.put("message", message);
        failure.put("policy", policy);
        failure.put("binding", binding);
        failure.put("expressionIndex", expressionIndex);
        ArrayNode validationActions = failure.putArray("validationActions");
        actions.forEach(validationActions::add);
        return goEscaped(Json.string(list));
    }

    // encoding/json escapes <, >, & and the line and paragraph separators inside strings (HTMLEscape).
    private static String goEscaped(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}
