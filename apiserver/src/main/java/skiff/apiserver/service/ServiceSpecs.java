package skiff.apiserver.service;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** What a Service's spec needs from the pools, read as k/k pkg/registry/core/service/storage/storage.go does. */
public final class ServiceSpecs {
    public static final String NONE = "None";

    private ServiceSpecs() {}

    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.asString() : "";
    }

    public static String type(JsonNode spec) {
        String type = text(spec, "type");
        return type.isEmpty() ? "ClusterIP" : type;
    }

    public static List<String> clusterIps(JsonNode spec) {
        List<String> ips = new ArrayList<>();
        for (JsonNode ip : spec.path("clusterIPs")) {
            ips.add(ip.asString(""));
        }
        return ips;
    }

    /** storage.go needsClusterIP: every type but ExternalName has (or is headless with) a cluster IP. */
    public static boolean needsClusterIp(JsonNode spec) {
        return !type(spec).equals("ExternalName");
    }

    /** storage.go needsNodePort. */
    public static boolean needsNodePort(JsonNode spec) {
        String type = type(spec);
        return type.equals("NodePort") || type.equals("LoadBalancer");
    }

    /** k/k pkg/api/service/util.go NeedsHealthCheck. */
    public static boolean needsHealthCheckNodePort(JsonNode spec) {
        return type(spec).equals("LoadBalancer") && text(spec, "externalTrafficPolicy").equals("Local");
    }

    /** alloc.go shouldAllocateNodePorts: NodePort always, LoadBalancer unless allocateLoadBalancerNodePorts is off. */
    public static boolean allocatesNodePorts(JsonNode spec) {
        return switch (type(spec)) {
            case "NodePort" -> true;
            case "LoadBalancer" -> spec.path("allocateLoadBalancerNodePorts").asBoolean(true);
            default -> false;
        };
    }

    public static int nodePort(JsonNode port) {
        return port.path("nodePort").asInt(0);
    }

    /** The cluster IPs this spec holds from the pool (none when headless or ExternalName). */
    public static List<String> heldIps(JsonNode spec) {
        if (!needsClusterIp(spec)) {
            return List.of();
        }
        List<String> ips = clusterIps(spec);
        if (ips.isEmpty() && !text(spec, "clusterIP").isEmpty()) {
            ips = List.of(text(spec, "clusterIP"));
        }
        return ips.stream().filter(ip -> !ip.isEmpty() && !ip.equals(NONE)).toList();
    }

    /** The node ports (service ports' and the health check's) this spec holds, each once. */
    public static List<Integer> heldPorts(JsonNode spec) {
        List<Integer> ports = new ArrayList<>();
        if (needsNodePort(spec)) {
            for (JsonNode p : spec.path("ports")) {
                int n = nodePort(p);
                if (n != 0 && !ports.contains(n)) {
                    ports.add(n);
                }
            }
        }
        int health = spec.path("healthCheckNodePort").asInt(0);
        if (needsHealthCheckNodePort(spec) && health != 0 && !ports.contains(health)) {
            ports.add(health);
        }
        return ports;
    }
}
