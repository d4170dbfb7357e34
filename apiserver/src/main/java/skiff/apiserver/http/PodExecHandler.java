package skiff.apiserver.http;

import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.apiserver.kubelet.KubeletConnections;
import skiff.apiserver.kubelet.KubeletEndpoint;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;

/**
 * {@code pods/NAME/exec} (k/k pkg/registry/core/pod/rest/subresources.go ExecREST and strategy.go ExecLocation): the
 * client's {@code v5.channel.k8s.io} WebSocket is bridged message for message to the same protocol on the kubelet's
 * {@code /exec}, so the kubelet alone speaks the channel protocol. A request that cannot be served is refused before
 * the upgrade; kubectl then retries with SPDY as a POST, which gets the Status that explains why.
 */
final class PodExecHandler {
    static final String PROTOCOL = "v5.channel.k8s.io";
    private static final Logger LOG = LoggerFactory.getLogger(PodExecHandler.class);

    private final ResourceStorage nodes;
    private final KubeletConnections kubelets;

    PodExecHandler(ResourceStorage nodes, KubeletConnections kubelets) {
        this.nodes = nodes;
        this.kubelets = kubelets;
    }

    /** A non-WebSocket request (kubectl's SPDY fallback): the validation errors, else a request to upgrade. */
    void handle(Exchange ex, ResourceStorage pods, RequestTarget.Resource target) {
        location(ex, pods, target);
        throw StatusException.badRequest("Upgrade request required");
    }

    void bridge(WebSocketWatch socket, ResourceStorage pods, RequestTarget.Resource target)
            throws InterruptedException {
        ServerWebSocketHandshake handshake = socket.handshake();
        if (!socket.header("Sec-WebSocket-Protocol").contains(PROTOCOL)) {
            throw StatusException.badRequest("the only supported exec protocol is " + PROTOCOL);
        }
        Location location = location(socket, pods, target);
        WebSocket kubelet;
        try {
            kubelet = kubelets.webSocket(location.endpoint()).connect(new WebSocketConnectOptions()
                    .setHost(location.endpoint().host()).setPort(location.endpoint().port()).setSsl(true)
                    .setURI(location.uri()).setSubProtocols(List.of(PROTOCOL)))
                    // Paused on the event loop before it can read a frame: nothing arrives before its handler.
                    .map(WebSocket::pause)
                    .toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            LOG.info("cannot open exec on the kubelet uri={} error={}", location.uri(), e.getCause().getMessage());
            throw StatusException.internal("cannot open exec on the kubelet: " + e.getCause().getMessage());
        }
        ServerWebSocket client;
        try {
            client = handshake.accept().map(ServerWebSocket::pause).toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            kubelet.close();
            return;
        }
        client.binaryMessageHandler(message -> kubelet.writeBinaryMessage(Buffer.buffer(message.getBytes())));
        kubelet.binaryMessageHandler(message -> client.writeBinaryMessage(Buffer.buffer(message.getBytes())));
        client.closeHandler(v -> kubelet.close());
        kubelet.closeHandler(v -> client.close((short) 1000));
        client.resume();
        kubelet.resume();
    }

    private record Location(KubeletEndpoint endpoint, String uri) {}

    private Location location(RequestParameters request, ResourceStorage pods, RequestTarget.Resource target) {
        JsonNode pod = pods.get(target.namespace(), target.name());
        String container = PodContainerChoice.choose(pod, request.param("container"));
        List<String> command = request.params("command");
        String nodeName = pod.path("spec").path("nodeName").asString("");
        if (nodeName.isEmpty()) {
            throw StatusException.badRequest("pod " + target.name() + " does not have a host assigned");
        }
        KubeletEndpoint endpoint = KubeletEndpoint.of(nodes.get(null, nodeName));
        QueryStringEncoder uri = new QueryStringEncoder("/exec/" + target.namespace() + "/" + target.name() + "/"
                + container);
        for (String stream : List.of("stdin", "stdout", "stderr", "tty")) {
            if (Boolean.parseBoolean(request.param(stream)) || "1".equals(request.param(stream))) {
                uri.addParam(stream, "1");
            }
        }
        for (String word : command) {
            uri.addParam("command", word);
        }
        return new Location(endpoint, uri.toString());
    }
}
