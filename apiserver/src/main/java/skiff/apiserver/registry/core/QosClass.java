package skiff.apiserver.registry.core;

import tools.jackson.databind.JsonNode;

/**
 * A pod's quality-of-service class (k/k pkg/apis/core/helper/qos/qos.go): Guaranteed when every container sets
 * equal cpu and memory limits and requests, BestEffort when none sets any, Burstable otherwise.
 */
final class QosClass {
    private QosClass() {}

    static String of(JsonNode spec) {
        boolean any = false;
        boolean guaranteed = true;
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : spec.path(list)) {
                JsonNode requests = c.path("resources").path("requests");
                JsonNode limits = c.path("resources").path("limits");
                any |= requests.size() > 0 || limits.size() > 0;
                for (String resource : new String[] {"cpu", "memory"}) {
                    JsonNode limit = limits.get(resource);
                    JsonNode request = requests.get(resource);
                    if (limit == null || (request != null && !request.asString().equals(limit.asString()))) {
                        guaranteed = false;
                    }
                }
            }
        }
        if (!any) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
