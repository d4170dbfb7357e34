package skiff.apiserver.http;

import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.apiserver.kubelet.KubeletConnections;
import skiff.apiserver.kubelet.KubeletEndpoint;
import skiff.apiserver.discovery.SubresourceDescription;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.spdy.SpdyExecConnection;
import skiff.apiserver.spdy.StreamProtocol;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;

/**
 * {@code pods/NAME/exec} and {@code pods/NAME/attach} (k/k pkg/registry/core/pod/rest/subresources.go ExecREST and
 * AttachREST, strategy.go ExecLocation and AttachLocation): the client's {@code v5.channel.k8s.io} WebSocket is bridged
 * message for message to the same protocol on the kubelet's {@code /exec} or {@code /attach}, so the kubelet alone
 * speaks the channel protocol. kubectl 1.27-1.29 upgrade to SPDY/3.1 instead,
 * whose streams {@link SpdyExecConnection} translates to the same kubelet protocol. A WebSocket request that cannot
 * be served is refused before the upgrade; kubectl then retries with SPDY as a POST, which gets the Status that
 * explains why.
 */
final class PodExecHandler implements SubresourceHandler {
    static final String PROTOCOL = "v5.channel.k8s.io";
    private static final String SPDY = "spdy/3.1";
    private static final String SPDY_UPGRADE = "SPDY/3.1";
    private static final Logger LOG = LoggerFactory.getLogger(PodExecHandler.class);

    /**
     * Which of the two streaming subresources a handler serves.
     *
     * @param subresource its name, also the kubelet's path
     * @param optionsKind the kind discovery names for its options
     * @param command the request carries a command to run
     */
    record Kind(String subresource, String optionsKind, boolean command) {
        static final Kind EXEC = new Kind("exec", "PodExecOptions", true);
        static final Kind ATTACH = new Kind("attach", "PodAttachOptions", false);
    }

    private final ResourceStorage nodes;
    private final KubeletConnections kubelets;
    private final Kind kind;

    PodExecHandler(ResourceStorage nodes, KubeletConnections kubelets, Kind kind) {
        this.nodes = nodes;
        this.kubelets = kubelets;
        this.kind = kind;
    }

    /**
     * A non-WebSocket request: kubectl 1.27-1.29's SPDY/3.1 upgrade (and newer kubectl's fallback when the WebSocket
     * was refused), which gets the validation errors, else its streams relayed to the kubelet's channel protocol.
     */
    @Override
    public SubresourceDescription description(ResourceDefinition owner) {
        return new SubresourceDescription(kind.subresource(), "", "v1", kind.optionsKind(),
                List.of("create", "get"));
    }

    @Override
    public void handle(Exchange ex, ResourceStorage pods, RequestTarget.Resource target) throws InterruptedException {
        Location location = location(ex, pods, target);
        if (!ex.header("Upgrade").toLowerCase(Locale.ROOT).contains(SPDY)) {
            throw StatusException.badRequest("Upgrade request required");
        }
        List<String> offered = ex.headers(StreamProtocol.HEADER);
        String protocol = StreamProtocol.negotiate(offered).orElseThrow(() -> StatusException.forbidden(
                target.definition(), target.name(), StreamProtocol.refusal(offered)));
        SpdyExecConnection exec = new SpdyExecConnection(location.streams());
        WebSocket kubelet;
        try {
            kubelet = connect(location, exec::kubelet);
        } catch (KubeletRefusal refusal) {
            ex.send(refusal.code(), refusal.contentType(), refusal.body());
            return;
        }
        try {
            exec.serve(ex.upgrade(Map.of("Connection", "Upgrade", "Upgrade", SPDY_UPGRADE, StreamProtocol.HEADER,
                    protocol)));
        } catch (StatusException e) {
            kubelet.close();
            throw e;
        }
    }

    @Override
    public void upgrade(WebSocketWatch socket, ResourceStorage pods, RequestTarget.Resource target)
            throws InterruptedException {
        if (!socket.header("Sec-WebSocket-Protocol").contains(PROTOCOL)) {
            throw StatusException.badRequest("the only supported " + kind.subresource() + " protocol is " + PROTOCOL);
        }
        Location location = location(socket, pods, target);
        WebSocketExecBridge bridge = new WebSocketExecBridge();
        WebSocket kubelet;
        try {
            kubelet = connect(location, bridge::kubelet);
        } catch (KubeletRefusal refusal) {
            // A refused WebSocket carries no body: kubectl falls back to SPDY, whose answer has the kubelet's.
            socket.reject(refusal.code());
            return;
        }
        try {
            bridge.client(socket.acceptPaused());
        } catch (ExecutionException e) {
            kubelet.close();
        }
    }

    /**
     * The kubelet's exec WebSocket, given to {@code taken} on its event loop as soon as it is connected; a
     * {@link KubeletRefusal} when the kubelet answers the upgrade with an error.
     */
    private WebSocket connect(Location location, Function<WebSocket, WebSocket> taken) throws InterruptedException {
        try {
            return kubelets.webSocket(location.endpoint()).connect(new WebSocketConnectOptions()
                    .setHost(location.endpoint().host()).setPort(location.endpoint().port()).setSsl(true)
                    .setURI(location.uri()).setSubProtocols(List.of(PROTOCOL)))
                    .map(taken)
                    .toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                throw new KubeletRefusal(rejected);
            }
            LOG.info("cannot open {} on the kubelet uri={} error={}", kind.subresource(), location.uri(),
                    e.getCause().getMessage());
            throw StatusException.internal("cannot open " + kind.subresource() + " on the kubelet: "
                    + e.getCause().getMessage());
        }
    }

    private record Location(KubeletEndpoint endpoint, String uri, SpdyExecConnection.ExecStreams streams) {}

    private Location location(RequestParameters request, ResourceStorage pods, RequestTarget.Resource target) {
        JsonNode pod = pods.get(target.namespace(), target.name());
        String container = PodContainerChoice.choose(pod, request.param("container"));
        List<String> command = kind.command() ? request.params("command") : List.of();
        // k/k pkg/kubelet/cri/streaming/remotecommand/httpstream.go NewOptions: a session with no stream at all is
        // refused (there by the kubelet; here before the upgrade, so the client gets the reason).
        if (!kind.command() && !flag(request, "stdin") && !flag(request, "stdout") && !flag(request, "stderr")) {
            throw StatusException.badRequest("you must specify at least 1 of stdin, stdout, stderr");
        }
        String nodeName = pod.path("spec").path("nodeName").asString("");
        if (nodeName.isEmpty()) {
            throw StatusException.badRequest("pod " + target.name() + " does not have a host assigned");
        }
        KubeletEndpoint endpoint = KubeletEndpoint.of(nodes.get(null, nodeName));
        QueryStringEncoder uri = new QueryStringEncoder("/" + kind.subresource() + "/" + target.namespace() + "/" + target.name() + "/"
                + container);
        for (String stream : List.of("stdin", "stdout", "stderr", "tty")) {
            if (flag(request, stream)) {
                uri.addParam(stream, "1");
            }
        }
        for (String word : command) {
            uri.addParam("command", word);
        }
        return new Location(endpoint, uri.toString(), new SpdyExecConnection.ExecStreams(flag(request, "stdin"),
                flag(request, "stdout"), flag(request, "stderr"), flag(request, "tty")));
    }

    private static boolean flag(RequestParameters request, String name) {
        return Boolean.parseBoolean(request.param(name)) || "1".equals(request.param(name));
    }
}
