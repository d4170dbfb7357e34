package skiff.apiserver.registry.core;

import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Services: defaulted as k/k pkg/apis/core/v1/defaults.go SetDefaults_Service does (type ClusterIP, session
 * affinity None, TCP ports whose targetPort is the port) and created with an empty status. Cluster IPs are not
 * allocated yet.
 */
public enum ServiceStrategy implements ResourceStrategy {
    INSTANCE;

    @Override
    public void applyDefaults(ObjectNode service) {
        if (!(service.get("spec") instanceof ObjectNode spec)) {
            return;
        }
        PodSpecDefaults.putIfAbsent(spec, "type", "ClusterIP");
        PodSpecDefaults.putIfAbsent(spec, "sessionAffinity", "None");
        String type = spec.path("type").asString();
        if (!type.equals("ExternalName")) {
            PodSpecDefaults.putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
        }
        for (JsonNode p : spec.path("ports")) {
            if (p instanceof ObjectNode port) {
                PodSpecDefaults.putIfAbsent(port, "protocol", "TCP");
                JsonNode target = port.get("targetPort");
                boolean unset = target == null || target.isNull() || target.asString("").isEmpty()
                        || (target.isNumber() && target.canConvertToInt() && target.asInt() == 0);
                // k/k defaults.go SetDefaults_Service: a missing, zero or empty targetPort is the port.
                if (unset && port.has("port")) {
                    port.set("targetPort", port.get("port").deepCopy());
                }
            }
        }
        // k/k defaults.go SetDefaults_Service (LoadBalancerIPMode): an ingress IP without a mode is a VIP.
        if (type.equals("LoadBalancer")) {
            for (JsonNode point : service.path("status").path("loadBalancer").path("ingress")) {
                if (point instanceof ObjectNode ingress && !GoFields.text(ingress, "ip").isEmpty()
                        && !GoFields.present(ingress.get("ipMode"))) {
                    ingress.put("ipMode", "VIP");
                }
            }
        }
    }

    @Override
    public void prepareForCreate(ObjectNode service) {
        service.putObject("status").putObject("loadBalancer");
    }
}
