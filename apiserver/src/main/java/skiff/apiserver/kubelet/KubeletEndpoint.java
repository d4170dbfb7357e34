package skiff.apiserver.kubelet;

import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;

/**
 * Where a node's kubelet serves, read from its Node (k/k pkg/kubelet/client/kubelet_client.go
 * NodeConnectionInfoGetter): the kubelet port from {@code status.daemonEndpoints.kubeletEndpoint.Port}, the address
 * from {@code status.addresses} (InternalIP first, then ExternalIP, then Hostname: Skiff nodes' host names need not
 * resolve), and the pinned fingerprint of its serving certificate.
 */
public record KubeletEndpoint(String host, int port, String certificateSha256) {
    /** Written by the kubelet (skiff.kubelet.server.KubeletServingCertificate, which this module cannot see). */
    public static final String FINGERPRINT_ANNOTATION = "skiff.dev/kubelet-serving-cert-sha256";
    private static final String[] ADDRESS_TYPES = {"InternalIP", "ExternalIP", "Hostname"};

    public static KubeletEndpoint of(JsonNode node) {
        String name = node.path("metadata").path("name").asString("");
        int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
        String fingerprint = node.path("metadata").path("annotations").path(FINGERPRINT_ANNOTATION).asString("");
        String host = null;
        for (String type : ADDRESS_TYPES) {
            for (JsonNode address : node.path("status").path("addresses")) {
                if (host == null && type.equals(address.path("type").asString(""))
                        && !address.path("address").asString("").isEmpty()) {
                    host = address.path("address").asString();
                }
            }
        }
        if (port <= 0 || host == null || fingerprint.isEmpty()) {
            throw StatusException.badRequest("the kubelet of node " + name + " publishes no serving endpoint");
        }
        return new KubeletEndpoint(host, port, fingerprint);
    }
}
