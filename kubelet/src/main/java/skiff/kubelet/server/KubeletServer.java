package skiff.kubelet.server;

import io.fabric8.kubernetes.api.model.Pod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.metrics.MetricsText;
import skiff.api.time.Clock;
import skiff.kubelet.metrics.KubeletMetrics;
import skiff.kubelet.runtime.ContainerRuntime;

/**
 * The kubelet's HTTPS server, which the API server dials for {@code pods/log}, {@code pods/exec} and
 * {@code pods/portforward} (k/k pkg/kubelet/server/server.go): {@code GET /containerLogs/NS/POD/CONTAINER},
 * {@code /exec/NS/POD/CONTAINER} and {@code /attach/NS/POD/CONTAINER} as {@code v5.channel.k8s.io} WebSockets and {@code /portForward/NS/POD?ports=PORT} as
 * a WebSocket for one connection to that port (see {@link PortForwardSession}).
 *
 * <p>HTTP callers (Prometheus on {@code /metrics}, metrics-server on {@code /metrics/resource}) authenticate with a
 * client certificate issued by the cluster CA or a bearer token ({@link KubeletAuthenticator}), else get 401, and are
 * authorized for the node subresource their path maps to ({@link KubeletAuthorizer}), else get 403. The streaming
 * WebSockets ({@code exec}, {@code attach}, {@code portForward}) take only the API server's kubelet-client
 * certificate (k/k kube-apiserver --kubelet-client-certificate), as only the API server dials them.
 */
public final class KubeletServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubeletServer.class);
    /** The user name the API server's kubelet client certificate carries. */
    public static final String API_SERVER_CLIENT = "kube-apiserver-kubelet-client";
    private static final String PORT_FORWARD = "/portForward/";
    private static final Duration WORKERS_STOP = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final HttpServer http;
    private final ContainerLogsHandler logs;
    private final ResourceStatsHandler stats;
    private final ContainerRuntime runtime;
    private final BiFunction<String, String, Optional<Pod>> pods;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final KubeletMetrics metrics;
    private final KubeletAuthenticator authenticator;
    private final KubeletAuthorizer authorizer;

    private KubeletServer(Vertx vertx, HttpServer http, ContainerRuntime runtime,
            BiFunction<String, String, Optional<Pod>> pods, Clock clock, KubeletMetrics metrics,
            KubeletAuthenticator authenticator, KubeletAuthorizer authorizer, ResourceStatsHandler stats) {
        this.vertx = vertx;
        this.stats = stats;
        this.metrics = metrics;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.http = http;
        this.runtime = runtime;
        this.pods = pods;
        this.logs = new ContainerLogsHandler(runtime, pods, clock);
    }

    /**
     * Starts serving on {@code port} (0 for a free one).
     *
     * @param clientCaPem the CA whose certificates callers must present
     * @param pods the pods bound to this node, by namespace and name
     * @param metrics what {@code /metrics} serves
     * @param authenticator who an HTTP caller is
     * @param authorizer what an HTTP caller may do
     * @param stats what {@code /stats/summary} and {@code /metrics/resource} serve
     */
    public static KubeletServer start(String bindAddress, int port, KubeletServingCertificate certificate,
            String clientCaPem, ContainerRuntime runtime, BiFunction<String, String, Optional<Pod>> pods,
            Clock clock, KubeletMetrics metrics, KubeletAuthenticator authenticator, KubeletAuthorizer authorizer,
            ResourceStatsHandler stats) {
        Vertx vertx = Vertx.vertx();
        HttpServerOptions options = new HttpServerOptions().setHost(bindAddress).setPort(port).setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().addCertValue(Buffer.buffer(certificate.certificatePem()))
                        .addKeyValue(Buffer.buffer(certificate.privateKeyPem())))
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(clientCaPem)))
                .setClientAuth(ClientAuth.REQUEST)
                .setWebSocketSubProtocols(List.of(StreamChannel.PROTOCOL_V5))
                .setIdleTimeout(0);
        HttpServer http = vertx.createHttpServer(options);
        KubeletServer server = new KubeletServer(vertx, http, runtime, pods, clock, metrics, authenticator,
                authorizer, stats);
        http.requestHandler(server::request);
        try {
            http.listen().toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new IllegalStateException("interrupted while starting the kubelet server", e);
        } catch (ExecutionException e) {
            server.close();
            throw new IllegalStateException("the kubelet server cannot listen on " + bindAddress + ":" + port + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
        LOG.info("kubelet server listening address={} port={}", bindAddress, http.actualPort());
        return server;
    }

    public int port() {
        return http.actualPort();
    }

    private void request(HttpServerRequest request) {
        if (request.canUpgradeToWebSocket()) {
            upgrade(request);
            return;
        }
        // The TLS session is read on the event loop: a connection the caller has closed since has none.
        Optional<Caller> certificate = Caller.ofCertificate(request.sslSession());
        String authorization = request.getHeader("Authorization");
        workers.execute(() -> authorizedRequest(request, certificate, authorization));
    }

    // server.go InstallAuthFilter: authenticate (401), authorize the path's subresource (403), then route.
    private void authorizedRequest(HttpServerRequest request, Optional<Caller> certificate, String authorization) {
        Optional<Caller> caller = authenticator.authenticate(certificate, authorization);
        if (caller.isEmpty()) {
            request.response().setStatusCode(401).end("Unauthorized");
            return;
        }
        String verb = KubeletAuthorizer.verb(request.method().name());
        String subresource = KubeletAuthorizer.subresource(request.path());
        if (!authorizer.allowed(caller.get(), verb, subresource)) {
            request.response().setStatusCode(403).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end(KubeletAuthorizer.forbidden(caller.get(), verb, subresource));
            return;
        }
        boolean get = request.method().name().equals("GET");
        if (get && request.path().equals("/metrics")) {
            request.response().setStatusCode(200).putHeader("Content-Type", MetricsText.CONTENT_TYPE)
                    .end(Buffer.buffer(MetricsText.render(metrics.registry())));
            return;
        }
        if (get && ResourceStatsHandler.serves(request.path())) {
            stats.serve(request);
            return;
        }
        Optional<Target> target = Target.parse(request.path(), "/containerLogs/");
        if (target.isEmpty() || !get) {
            request.response().setStatusCode(404).end("404 page not found\n");
            return;
        }
        logs.serve(request, target.get().namespace(), target.get().pod(), target.get().container());
    }

    /**
     * A WebSocket upgrade request, answered on the event loop it arrived on: accepted, or refused with a plain-text
     * body the API server hands on to the client (k/k pkg/kubelet/server/server.go getExec, getAttach and
     * getPortForward).
     */
    private void upgrade(HttpServerRequest request) {
        if (!authenticated(request.sslSession())) {
            refuse(request, 401, "Unauthorized");
            return;
        }
        if (request.path().startsWith(PORT_FORWARD)) {
            portForward(request);
            return;
        }
        boolean attach = request.path().startsWith("/attach/");
        Optional<Target> target = Target.parse(request.path(), attach ? "/attach/" : "/exec/");
        if (target.isEmpty()) {
            refuse(request, 404, "404 page not found");
            return;
        }
        Target t = target.get();
        Optional<Pod> pod = pods.apply(t.namespace(), t.pod());
        if (pod.isEmpty()) {
            refuse(request, 404, "pod does not exist");
            return;
        }
        Optional<String> containerId = RunningContainers.idOf(pod.get(), t.container());
        // k/k 1.32 pkg/kubelet/kubelet_pods.go GetExec and GetAttach: a container the runtime is not running (waiting,
        // crash-looping, exited, or never started) is not found, an error streaming.WriteError answers with a 500.
        if (containerId.isEmpty()) {
            refuse(request, 500, "container not found (\"" + t.container() + "\")");
            return;
        }
        Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
        // k/k pkg/kubelet/kubelet_pods.go GetAttach: an attach has the TTY the container was created with, whatever
        // was asked, since a running process cannot gain or lose its terminal.
        boolean tty = attach ? RunningContainers.tty(pod.get(), t.container()) : flag(query, "tty");
        ExecSession.Request session = new ExecSession.Request(containerId.get(),
                attach ? List.of() : query.getOrDefault("command", List.of()), flag(query, "stdin"),
                flag(query, "stdout"), flag(query, "stderr"), tty);
        if (!attach && session.command().isEmpty()) {
            refuse(request, 400, "you must specify at least one command for the container");
            return;
        }
        // Paused until the session has its handlers: kubectl may send stdin and its close at once.
        request.toWebSocket().onSuccess((ServerWebSocket socket) -> {
            socket.pause();
            workers.execute(() -> (attach ? ExecSession.attach(socket, runtime, session)
                    : ExecSession.exec(socket, runtime, session)).run());
        });
    }

    private static void refuse(HttpServerRequest request, int code, String message) {
        request.response().setStatusCode(code).putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(message);
    }

    private void portForward(HttpServerRequest request) {
        String[] parts = request.path().substring(PORT_FORWARD.length()).split("/");
        Optional<Pod> pod = parts.length == 2 ? pods.apply(parts[0], parts[1]) : Optional.empty();
        if (pod.isEmpty()) {
            refuse(request, 404, "pod does not exist");
            return;
        }
        List<String> ports = new QueryStringDecoder(request.uri()).parameters().getOrDefault("ports", List.of());
        int port;
        try {
            port = ports.size() == 1 ? Integer.parseInt(ports.getFirst()) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            refuse(request, 400, "invalid port " + String.join(",", ports));
            return;
        }
        PortForwardSession.Target target = new PortForwardSession.Target(parts[1],
                pod.get().getMetadata().getUid(), podAddress(pod.get()), port);
        request.toWebSocket().onSuccess((ServerWebSocket socket) -> {
            socket.pause();
            workers.execute(() -> new PortForwardSession(socket, target).run());
        });
    }

    /**
     * Where a pod's ports are reached from the host: loopback for a pod on the host's network (hostNetwork, or the
     * process runtime, whose sandbox IP is 127.0.0.1), else its sandbox's IP on the pod network. (containerd dials
     * localhost inside the pod's network namespace; the pod IP reaches the same sockets unless they are bound to
     * the pod's loopback only.)
     */
    private String podAddress(Pod pod) {
        if (pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            return "127.0.0.1";
        }
        return runtime.sandbox(pod.getMetadata().getUid()).map(s -> s.ip())
                .or(() -> Optional.ofNullable(pod.getStatus() == null ? null : pod.getStatus().getPodIP()))
                .filter(ip -> !ip.isEmpty()).orElse("127.0.0.1");
    }

    private static boolean flag(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values != null && !values.isEmpty() && (values.getFirst().equals("1")
                || values.getFirst().equalsIgnoreCase("true"));
    }

    // The TLS layer has already checked the chain against the cluster CA; the name must be the API server's.
    private static boolean authenticated(SSLSession session) {
        if (session == null) {
            return false;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                return false;
            }
            String subject = leaf.getSubjectX500Principal().getName();
            return subject.equals("CN=" + API_SERVER_CLIENT) || subject.startsWith("CN=" + API_SERVER_CLIENT + ",")
                    || subject.endsWith(",CN=" + API_SERVER_CLIENT);
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }

    /** A namespace, pod and container named by a path under a prefix. */
    private record Target(String namespace, String pod, String container) {
        static Optional<Target> parse(String path, String prefix) {
            if (!path.startsWith(prefix)) {
                return Optional.empty();
            }
            String[] parts = path.substring(prefix.length()).split("/");
            if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Target(parts[0], parts[1], parts[2]));
        }
    }

    /**
     * Stops serving in the order that leaves nothing writing to a stopped event loop: the server and its connections
     * first, then the workers that answer requests and stream (awaited), then the event loops (awaited).
     */
    @Override
    public void close() {
        try {
            http.close().toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            // Never started or already closed.
        }
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(WORKERS_STOP.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("the kubelet server's requests did not end within {}", WORKERS_STOP);
            }
            vertx.close().toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // Nothing left to release.
        }
    }
}
