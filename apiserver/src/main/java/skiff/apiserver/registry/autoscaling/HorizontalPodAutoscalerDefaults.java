package skiff.apiserver.registry.autoscaling;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * autoscaling/v2 defaults (k/k pkg/apis/autoscaling/v2/defaults.go, 1.32): minReplicas 1, an 80% cpu utilization
 * target when no metric is given, and, when a behavior is given, every unset field of both directions' rules from the
 * defaults: scale up with no stabilization, the larger of 4 pods or 100% per 15 s; scale down the larger of 100% per
 * 15 s, its stabilization window left to the controller's --horizontal-pod-autoscaler-downscale-stabilization.
 */
public final class HorizontalPodAutoscalerDefaults {
    // pkg/apis/autoscaling/types.go DefaultCPUUtilization.
    public static final int CPU_UTILIZATION = 80;

    private HorizontalPodAutoscalerDefaults() {}

    public static void apply(ObjectNode hpa) {
        JsonNode specNode = hpa.get("spec");
        if (!(specNode instanceof ObjectNode spec)) {
            return;
        }
        if (!spec.hasNonNull("minReplicas")) {
            spec.put("minReplicas", 1);
        }
        if (spec.path("metrics").isEmpty()) {
            spec.putArray("metrics").add(AutoscalingV1Conversion.cpuUtilization(CPU_UTILIZATION));
        }
        if (spec.get("behavior") instanceof ObjectNode behavior) {
            behavior.set("scaleUp", rules(behavior.get("scaleUp"), scaleUp()));
            behavior.set("scaleDown", rules(behavior.get("scaleDown"), scaleDown()));
        }
    }

    // defaults.go copyHPAScalingRules: each field set in the request wins.
    private static ObjectNode rules(JsonNode given, ObjectNode defaults) {
        ObjectNode out = skiff.api.json.Json.object();
        for (String field : new String[] {"stabilizationWindowSeconds", "selectPolicy", "policies"}) {
            JsonNode value = given != null && given.hasNonNull(field) ? given.get(field) : defaults.get(field);
            if (value != null) {
                out.set(field, value.deepCopy());
            }
        }
        return out;
    }

    private static ObjectNode scaleUp() {
        ObjectNode rules = skiff.api.json.Json.object();
        rules.put("stabilizationWindowSeconds", 0);
        rules.put("selectPolicy", "Max");
        ArrayNode policies = rules.putArray("policies");
        policy(policies, "Pods", 4);
        policy(policies, "Percent", 100);
        return rules;
    }

    private static ObjectNode scaleDown() {
        ObjectNode rules = skiff.api.json.Json.object();
        rules.put("selectPolicy", "Max");
        policy(rules.putArray("policies"), "Percent", 100);
        return rules;
    }

    private static void policy(ArrayNode policies, String type, int value) {
        ObjectNode p = policies.addObject();
        p.put("type", type);
        p.put("value", value);
        p.put("periodSeconds", 15);
    }
}
