package skiff.apiserver.registry.apps;

import java.nio.charset.StandardCharsets;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** Valid workloads of each kind, selecting app=web, that the validation tests change one thing in. */
final class Workloads {
    private Workloads() {}

    static ObjectNode of(String apiVersion, String kind) {
        String json = """
                {"apiVersion": "%s", "kind": "%s",
                 "metadata": {"name": "web", "namespace": "default"},
                 "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                          "template": {"metadata": {"labels": {"app": "web", "tier": "front"}},
                                       "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}}}
                """.formatted(apiVersion, kind);
        return (ObjectNode) Json.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode spec(ObjectNode workload) {
        return (ObjectNode) workload.get("spec");
    }

    static ObjectNode template(ObjectNode workload) {
        return (ObjectNode) workload.get("spec").get("template");
    }

    static ObjectNode templateSpec(ObjectNode workload) {
        return (ObjectNode) template(workload).get("spec");
    }

    static ObjectNode container(ObjectNode workload) {
        return (ObjectNode) templateSpec(workload).get("containers").get(0);
    }

    static ObjectNode selector(ObjectNode workload) {
        return (ObjectNode) workload.get("spec").get("selector");
    }
}
