package skiff.apiserver.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Table rows for core/v1 services: {@code NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE}, plus the selector when wide. */
final class ServiceTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Type", "How the service is exposed."),
            Columns.string("Cluster-IP", "Cluster-internal IP address of the service."),
            Columns.string("External-IP", "Addresses at which the service is reachable from outside the cluster."),
            Columns.string("Port(s)", "Service ports, with node ports and protocols."),
            Columns.AGE,
            Columns.selector("Labels of the pods that back the service."));

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode service, Instant now) {
        JsonNode spec = service.path("spec");
        return List.of(
                WireValues.name(service),
                WireValues.string(spec.path("type")),
                clusterIp(spec),
                externalIp(service),
                Placeholders.orNone(ports(spec)),
                Age.of(service, now),
                LabelSelectors.formatLabels(spec.path("selector")));
    }

    // k/k pkg/printers/internalversion/printers.go printService: the first of clusterIPs, or <none>. The registry
    // (pkg/registry/core/service/storage/storage.go normalizeClusterIPs) fills clusterIPs from a lone clusterIP,
    // so Skiff reads clusterIP when clusterIPs is absent.
    private static String clusterIp(JsonNode spec) {
        List<JsonNode> clusterIps = WireValues.items(spec.path("clusterIPs"));
        if (!clusterIps.isEmpty()) {
            return WireValues.string(clusterIps.getFirst());
        }
        return Placeholders.orNone(WireValues.string(spec.path("clusterIP")));
    }

    // k/k pkg/printers/internalversion/printers.go getServiceExternalIP, with the API server's wide output (the
    // load-balancer list is never clipped): ClusterIP and NodePort show externalIPs or <none>; LoadBalancer shows
    // its sorted ingress IPs or hostnames then externalIPs, or <pending>; ExternalName shows the name; any other
    // type is <unknown>.
    private static String externalIp(JsonNode service) {
        JsonNode spec = service.path("spec");
        List<String> externalIps = new ArrayList<>();
        for (JsonNode ip : WireValues.items(spec.path("externalIPs"))) {
            externalIps.add(WireValues.string(ip));
        }
        return switch (WireValues.string(spec.path("type"))) {
            case "ClusterIP", "NodePort" -> externalIps.isEmpty() ? Placeholders.NONE : String.join(",", externalIps);
            case "LoadBalancer" -> {
                List<String> addresses = new ArrayList<>(loadBalancerIngress(service.path("status")));
                addresses.addAll(externalIps);
                yield addresses.isEmpty() ? "<pending>" : String.join(",", addresses);
            }
            case "ExternalName" -> WireValues.string(spec.path("externalName"));
            default -> Placeholders.UNKNOWN;
        };
    }

    private static TreeSet<String> loadBalancerIngress(JsonNode status) {
        TreeSet<String> addresses = new TreeSet<>();
        for (JsonNode ingress : WireValues.items(status.path("loadBalancer").path("ingress"))) {
            String ip = WireValues.string(ingress.path("ip"));
            String hostname = WireValues.string(ingress.path("hostname"));
            if (!ip.isEmpty()) {
                addresses.add(ip);
            } else if (!hostname.isEmpty()) {
                addresses.add(hostname);
            }
        }
        return addresses;
    }

    // k/k pkg/printers/internalversion/printers.go makePortString: port/protocol, or port:nodePort/protocol.
    private static String ports(JsonNode spec) {
        List<String> pieces = new ArrayList<>();
        for (JsonNode port : WireValues.items(spec.path("ports"))) {
            long number = WireValues.integer(port.path("port"));
            long nodePort = WireValues.integer(port.path("nodePort"));
            String protocol = WireValues.string(port.path("protocol"));
            pieces.add(nodePort > 0 ? number + ":" + nodePort + "/" + protocol : number + "/" + protocol);
        }
        return String.join(",", pieces);
    }
}
