package skiff.apiserver.registry.autoscaling;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The autoscaling/v1 behavior annotation (k/k pkg/apis/autoscaling/v1/conversion.go, 1.32): json.Marshal of the
 * internal HorizontalPodAutoscalerBehavior, whose fields have no json tags, so it is written with Go's field names and
 * unset pointers as null, and read back as encoding/json reads, matching names without regard to case.
 */
final class BehaviorAnnotation {
    // The internal types' fields in declaration order, with their autoscaling/v2 JSON names.
    private static final List<String> BEHAVIOR = List.of("ScaleUp", "ScaleDown");
    private static final List<String> RULES = List.of("StabilizationWindowSeconds", "SelectPolicy", "Policies");
    private static final List<String> POLICY = List.of("Type", "Value", "PeriodSeconds");

    private BehaviorAnnotation() {}

    static ObjectNode encode(JsonNode behavior) {
        ObjectNode out = Json.object();
        for (String field : BEHAVIOR) {
            JsonNode rules = behavior.get(jsonName(field));
            if (rules == null || rules.isNull()) {
                out.putNull(field);
                continue;
            }
            ObjectNode r = out.putObject(field);
            for (String f : RULES) {
                JsonNode value = rules.get(jsonName(f));
                if (f.equals("Policies") && value != null && value.isArray()) {
                    ArrayNode policies = r.putArray(f);
                    for (JsonNode p : value) {
                        ObjectNode policy = policies.addObject();
                        policy.put("Type", p.path("type").asString(""));
                        policy.put("Value", p.path("value").asInt(0));
                        policy.put("PeriodSeconds", p.path("periodSeconds").asInt(0));
                    }
                } else if (value == null || value.isNull()) {
                    r.putNull(f);
                } else {
                    r.set(f, value.deepCopy());
                }
            }
        }
        return out;
    }

    static ObjectNode decode(JsonNode annotation) {
        ObjectNode out = Json.object();
        for (String field : BEHAVIOR) {
            JsonNode rules = field(annotation, field);
            if (rules == null || !rules.isObject()) {
                continue;
            }
            ObjectNode r = out.putObject(jsonName(field));
            for (String f : RULES) {
                JsonNode value = field(rules, f);
                if (value == null || value.isNull()) {
                    continue;
                }
                if (f.equals("Policies") && value.isArray()) {
                    ArrayNode policies = r.putArray(jsonName(f));
                    for (JsonNode p : value) {
                        ObjectNode policy = policies.addObject();
                        for (String pf : POLICY) {
                            JsonNode v = field(p, pf);
                            if (v != null && !v.isNull()) {
                                policy.set(jsonName(pf), v.deepCopy());
                            }
                        }
                    }
                } else {
                    r.set(jsonName(f), value.deepCopy());
                }
            }
        }
        return out;
    }

    private static String jsonName(String goName) {
        return Character.toLowerCase(goName.charAt(0)) + goName.substring(1);
    }

    // encoding/json: an exact match first, then any name equal without regard to case.
    private static JsonNode field(JsonNode object, String goName) {
        if (object.has(goName)) {
            return object.get(goName);
        }
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(goName.toLowerCase(Locale.ROOT))) {
                return e.getValue();
            }
        }
        return null;
    }
}
