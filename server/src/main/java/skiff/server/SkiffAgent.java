package skiff.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.LoggerFactory;
import skiff.api.version.KubernetesVersion;
import skiff.kubelet.Kubelet;
import skiff.kubelet.KubeletConfig;
import skiff.kubelet.network.HostGatewayRoutes;
import skiff.kubelet.network.IpRouteTable;
import skiff.kubelet.proxy.ServiceProxy;

/**
 * A kubelet alone, joined to a Skiff server over HTTPS (k3s agent, kubelet with a bootstrap kubeconfig): it registers
 * its Node, runs the pods bound to it and serves their logs and exec to the API server.
 */
public final class SkiffAgent implements AutoCloseable {
    private final Connections connections;
    private final Kubelet kubelet;
    private final ServiceProxy proxy;
    private final NodeCertificateRotation rotation;
    private final HostGatewayRoutes routes;

    private SkiffAgent(Connections connections, Kubelet kubelet, ServiceProxy proxy,
            NodeCertificateRotation rotation, HostGatewayRoutes routes) {
        this.connections = connections;
        this.kubelet = kubelet;
        this.proxy = proxy;
        this.rotation = rotation;
        this.routes = routes;
    }

    /**
     * Starts the kubelet: its static pods at once, the rest once the server answers (see
     * {@link #awaitConnected(Duration)}).
     */
    public static SkiffAgent start(AgentOptions options) {
        Path dataDir = options.dataDir().toAbsolutePath();
        Path kubeletDir = dataDir.resolve("kubelet");
        try {
            Files.createDirectories(kubeletDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + kubeletDir, e);
        }
        KubeletOptions k = options.kubelet();
        Config config = options.credentials().applyTo(new ConfigBuilder(Config.empty())
                .withMasterUrl(options.serverUrl())
                .withCaCertData(Base64.getEncoder().encodeToString(
                        options.caCertificatePem().getBytes(StandardCharsets.UTF_8))))
                .withOnlyHttpWatches(true)
                .withRequestTimeout(30_000)
                .withUserAgent(KubernetesVersion.userAgent("kubelet"))
                .build();
        // The agent keeps its Vert.x, as renewed connections come and go on it, and stops it last.
        Vertx vertx = ComponentClient.eventLoops();
        RenewableHttpClientFactory connections = new RenewableHttpClientFactory(new Vertx5HttpClientFactory(vertx));
        KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(config)
                .withHttpClientFactory(connections);
        CurrentClientCertificate current = null;
        if (options.credentials() instanceof AgentCredentials.ClientCertificate certificate) {
            // The node's certificate is read at each new connection, so that a rotated one is used.
            CurrentClientCertificate presented = new CurrentClientCertificate(certificate);
            TrustManager[] trust = trustManagers(options.caCertificatePem());
            builder.withHttpClientBuilderConsumer(http -> http.sslContext(new KeyManager[] {presented}, trust));
            current = presented;
        }
        KubernetesClient client = builder.build();
        Connections owned = new Connections(vertx, connections, client);
        try {
            RuntimeSelection selected = RuntimeSelection.create(k, dataDir, kubeletDir, k.effectiveNodeName(),
                    options.nodeIp(), client, options.clock());
            Kubelet kubelet = Kubelet.start(kubeletConfig(options, kubeletDir, selected), client);
            ServiceProxy proxy;
            try {
                proxy = NodeProxies.start(k.proxy(), k.effectiveNodeName(), client);
            } catch (RuntimeException e) {
                kubelet.close();
                throw e;
            }
            NodeCertificateRotation rotation = null;
            if (current != null) {
                rotation = new NodeCertificateRotation(client, current, connections,
                        dataDir.resolve(NodeClientCertificates.KUBECONFIG), options.serverUrl(),
                        options.caCertificatePem(), k.effectiveNodeName(), options.clock());
                rotation.start();
            }
            HostGatewayRoutes routes = options.hostGatewayRoutes()
                    ? new HostGatewayRoutes(k.effectiveNodeName(), selected.nodeIp(), new IpRouteTable()).start(client)
                    : null;
            return new SkiffAgent(owned, kubelet, proxy, rotation, routes);
        } catch (RuntimeException e) {
            owned.close();
            throw e;
        }
    }

    static TrustManager[] trustManagers(String caPem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("ca", NodeClientCertificates.certificate(caPem));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust the cluster CA: " + e.getMessage(), e);
        }
    }

    /** The agent's kubelet settings: its node, address, port, runtime, and the cluster DNS its pods resolve with. */
    static KubeletConfig kubeletConfig(AgentOptions options, Path kubeletDir, RuntimeSelection selected) {
        KubeletOptions k = options.kubelet();
        KubeletConfig config = KubeletConfig.defaults(k.effectiveNodeName(), kubeletDir, options.clock(),
                selected.runtime(), options.caCertificatePem()).withNodeIp(options.nodeIp())
                .withServerPort(k.port()).withPodManifestPath(k.podManifestPath())
                .withStopPodsOnClose(!selected.keepsContainersOnClose()).withImages(selected.images());
        // k3s' agent passes --cluster-dns and --cluster-domain to its kubelet, as the server does to its own.
        return config.withNodeSettings(config.nodeSettings().withClusterDns(options.clusterDns(),
                options.clusterDomain()).withCgroupRoot(k.host().cgroupRoot()));
    }

    /** Waits until the Node is registered and the pods bound to it are watched; false if not within timeout. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return kubelet.awaitConnected(timeout);
    }

    public String nodeName() {
        return kubelet.nodeName();
    }

    public int kubeletPort() {
        return kubelet.serverPort();
    }

    /**
     * Stops the service proxy (removing its rules), the kubelet and, with it, the containers it runs; routes to other
     * nodes' pods stay.
     */
    @Override
    public void close() {
        if (routes != null) {
            routes.close();
        }
        if (rotation != null) {
            rotation.close();
        }
        try {
            if (proxy != null) {
                proxy.close();
            }
            kubelet.close();
        } finally {
            connections.close();
        }
    }

    /** The agent's API client and what it runs on, closed in that order. */
    private record Connections(Vertx vertx, RenewableHttpClientFactory factory, KubernetesClient client)
            implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            factory.close();
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                LoggerFactory.getLogger(SkiffAgent.class).warn("the agent's client did not stop cleanly: {}",
                        e.getCause().getMessage());
            }
        }
    }
}
