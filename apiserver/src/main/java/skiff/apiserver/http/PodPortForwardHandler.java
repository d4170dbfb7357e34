package skiff.apiserver.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.apiserver.discovery.SubresourceDescription;
import skiff.apiserver.kubelet.KubeletConnections;
import skiff.apiserver.kubelet.KubeletEndpoint;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.spdy.PortForwardStream;
import skiff.apiserver.spdy.SpdyPortForwardConnection;
import skiff.apiserver.spdy.StreamProtocol;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;

/**
 * {@code pods/NAME/portforward} (k/k pkg/registry/core/pod/rest/subresources.go PortForwardREST): kubectl's SPDY/3.1
 * session, upgraded directly (kubectl 1.27-1.30) or tunnelled in a WebSocket with the
 * {@code SPDY/3.1+portforward.k8s.io} subprotocol (kubectl 1.31+), each of its connections relayed to the pod's port
 * through the kubelet. Another WebSocket protocol is refused before the upgrade, which makes kubectl fall back to
 * SPDY.
 */
final class PodPortForwardHandler implements SubresourceHandler {
    private static final String SPDY = "spdy/3.1";
    private static final String SPDY_UPGRADE = "SPDY/3.1";
    private static final Logger LOG = LoggerFactory.getLogger(PodPortForwardHandler.class);

    private final ResourceStorage nodes;
    private final KubeletConnections kubelets;

    PodPortForwardHandler(ResourceStorage nodes, KubeletConnections kubelets) {
        this.nodes = nodes;
        this.kubelets = kubelets;
    }

    @Override
    public SubresourceDescription description(ResourceDefinition owner) {
        return new SubresourceDescription("portforward", "", "v1", "PodPortForwardOptions", List.of("create", "get"));
    }

    @Override
    public void handle(Exchange ex, ResourceStorage pods, RequestTarget.Resource target) throws InterruptedException {
        PortForwardStream.Dialer dialer = dialer(pods, target);
        if (!ex.header("Upgrade").toLowerCase(Locale.ROOT).contains(SPDY)) {
            throw StatusException.badRequest("Upgrade request required");
        }
        List<String> offered = ex.headers(StreamProtocol.HEADER);
        boolean speaks = offered.stream().flatMap(v -> List.of(v.split(",")).stream()).map(String::trim)
                .anyMatch(SpdyPortForwardConnection.PROTOCOL::equals);
        if (!speaks) {
            throw StatusException.forbidden(target.definition(), target.name(),
                    "unable to upgrade: unable to negotiate protocol: client supports " + offered
                            + ", server supports [" + SpdyPortForwardConnection.PROTOCOL + "]");
        }
        LOG.info("port-forward pod={}/{} transport=spdy", target.namespace(), target.name());
        new SpdyPortForwardConnection(dialer).serve(ex.upgrade(Map.of("Connection", "Upgrade", "Upgrade",
                SPDY_UPGRADE, StreamProtocol.HEADER, SpdyPortForwardConnection.PROTOCOL)));
    }

    @Override
    public void upgrade(WebSocketWatch socket, ResourceStorage pods, RequestTarget.Resource target)
            throws InterruptedException {
        if (!socket.header("Sec-WebSocket-Protocol").contains(SpdyPortForwardConnection.TUNNEL_PROTOCOL)) {
            throw StatusException.badRequest("the only supported port-forward WebSocket protocol is "
                    + SpdyPortForwardConnection.TUNNEL_PROTOCOL);
        }
        PortForwardStream.Dialer dialer = dialer(pods, target);
        LOG.info("port-forward pod={}/{} transport=websocket", target.namespace(), target.name());
        try {
            new SpdyPortForwardConnection(dialer).serve(socket.acceptPaused());
        } catch (ExecutionException e) {
            // The client went away during the upgrade.
        }
    }

    /** The kubelet of the pod's node, checked before the upgrade so that a missing pod or node is a Status. */
    private PortForwardStream.Dialer dialer(ResourceStorage pods, RequestTarget.Resource target) {
        JsonNode pod = pods.get(target.namespace(), target.name());
        String nodeName = pod.path("spec").path("nodeName").asString("");
        if (nodeName.isEmpty()) {
            throw StatusException.badRequest("pod " + target.name() + " does not have a host assigned");
        }
        KubeletEndpoint endpoint = KubeletEndpoint.of(nodes.get(null, nodeName));
        return (port, events) -> KubeletPortForward.connect(kubelets, endpoint, target.namespace(), target.name(),
                port, events);
    }
}
