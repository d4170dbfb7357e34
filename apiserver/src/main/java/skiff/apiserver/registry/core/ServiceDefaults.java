package skiff.apiserver.registry.core;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** k/k pkg/apis/core/v1/defaults.go SetDefaults_Service (1.32). */
final class ServiceDefaults {
    /** v1.DefaultClientIPServiceAffinitySeconds: three hours. */
    private static final int CLIENT_IP_AFFINITY_SECONDS = 10800;

    private ServiceDefaults() {}

    static void apply(ObjectNode service) {
        if (!(service.get("spec") instanceof ObjectNode spec)) {
            return;
        }
        PodSpecDefaults.putIfAbsent(spec, "sessionAffinity", "None");
        if (GoFields.text(spec, "sessionAffinity").equals("ClientIP")
                && !spec.path("sessionAffinityConfig").path("clientIP").path("timeoutSeconds").isNumber()) {
            spec.putObject("sessionAffinityConfig").putObject("clientIP")
                    .put("timeoutSeconds", CLIENT_IP_AFFINITY_SECONDS);
        }
        PodSpecDefaults.putIfAbsent(spec, "type", "ClusterIP");
        String type = spec.path("type").asString();
        for (JsonNode p : spec.path("ports")) {
            if (p instanceof ObjectNode port) {
                PodSpecDefaults.putIfAbsent(port, "protocol", "TCP");
                JsonNode target = port.get("targetPort");
                boolean unset = target == null || target.isNull() || target.asString("").isEmpty()
                        || (target.isNumber() && target.canConvertToInt() && target.asInt() == 0);
                // A missing, zero or empty targetPort is the port.
                if (unset && port.has("port")) {
                    port.set("targetPort", port.get("port").deepCopy());
                }
            }
        }
        // Externally reachable Services route to every node's endpoints unless told otherwise.
        if (ServiceStrategy.externallyAccessible(spec)) {
            PodSpecDefaults.putIfAbsent(spec, "externalTrafficPolicy", "Cluster");
        }
        if (!type.equals("ExternalName")) {
            PodSpecDefaults.putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer")) {
            if (!GoFields.present(spec.get("allocateLoadBalancerNodePorts"))) {
                spec.put("allocateLoadBalancerNodePorts", true);
            }
            // LoadBalancerIPMode: an ingress IP without a mode is a VIP.
            for (JsonNode point : service.path("status").path("loadBalancer").path("ingress")) {
                if (point instanceof ObjectNode ingress && !GoFields.text(ingress, "ip").isEmpty()
                        && !GoFields.present(ingress.get("ipMode"))) {
                    ingress.put("ipMode", "VIP");
                }
            }
        }
    }
}
