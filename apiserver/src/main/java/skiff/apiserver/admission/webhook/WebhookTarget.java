package skiff.apiserver.admission.webhook;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where one call to a webhook goes: the URL as Kubernetes names it in messages, the address actually dialled, and the
 * name its certificate must be valid for.
 */
record WebhookTarget(String url, URI dial, String serverName, String caBundle) {

    /**
     * The target of {@code clientConfig} for a call with {@code timeoutSeconds}: its {@code url}, or its
     * {@code service} resolved through the Service's Endpoints to a ready address.
     *
     * @throws WebhookCallFailure when the service cannot be resolved
     */
    // k/k apiserver pkg/util/webhook/client.go: the client adds ?timeout=Ns, and a service is addressed as
    // https://NAME.NAMESPACE.svc:PORT/PATH with that server name. Resolving it to an endpoint (not the ClusterIP) is
    // what kube-aggregator's endpoint resolver does (--enable-aggregator-routing): it works without the node's
    // service proxy.
    static WebhookTarget of(JsonNode clientConfig, long timeoutSeconds, WebhookSource source) {
        String caBundle = new String(decodeCaBundle(clientConfig.path("caBundle").asString("")),
                java.nio.charset.StandardCharsets.US_ASCII);
        String query = "?timeout=" + timeoutSeconds + "s";
        if (clientConfig.hasNonNull("url")) {
            String url = clientConfig.path("url").asString("") + query;
            URI uri = URI.create(url);
            return new WebhookTarget(url, uri, uri.getHost(), caBundle);
        }
        JsonNode service = clientConfig.path("service");
        String namespace = service.path("namespace").asString("");
        String name = service.path("name").asString("");
        int port = service.path("port").asInt(443);
        String path = service.path("path").asString("");
        String serverName = name + "." + namespace + ".svc";
        String url = "https://" + serverName + ":" + port + path + query;
        String address = resolve(source, namespace, name, port)
                .orElseThrow(() -> WebhookCallFailure.call("Post \"" + url
                        + "\": no endpoints available for service \"" + name + "\""));
        return new WebhookTarget(url, URI.create("https://" + address + path + query), serverName, caBundle);
    }

    // k/k kube-aggregator pkg/apiserver/resolvers.go ResolveEndpoint: the service port, then a ready address of the
    // endpoints subset that serves it (by the port's name).
    private static Optional<String> resolve(WebhookSource source, String namespace, String name, int port) {
        Optional<ObjectNode> service = source.service(namespace, name);
        if (service.isEmpty()) {
            return Optional.empty();
        }
        JsonNode servicePort = null;
        for (JsonNode p : service.get().path("spec").path("ports")) {
            if (p.path("port").asInt() == port) {
                servicePort = p;
            }
        }
        if (servicePort == null) {
            return Optional.empty();
        }
        String portName = servicePort.path("name").asString("");
        for (JsonNode subset : source.endpoints(namespace, name).map(e -> e.path("subsets"))
                .orElse(tools.jackson.databind.node.MissingNode.getInstance())) {
            for (JsonNode endpointPort : subset.path("ports")) {
                if (!endpointPort.path("name").asString("").equals(portName)) {
                    continue;
                }
                List<String> ips = new ArrayList<>();
                subset.path("addresses").forEach(a -> ips.add(a.path("ip").asString("")));
                if (!ips.isEmpty()) {
                    String ip = ips.get(0);
                    String host = ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
                    return Optional.of(host + ":" + endpointPort.path("port").asInt());
                }
            }
        }
        return Optional.empty();
    }

    private static byte[] decodeCaBundle(String base64) {
        try {
            return java.util.Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
