package skiff.apiserver;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeMap;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import skiff.apiserver.audit.Auditor;
import skiff.apiserver.metrics.ApiServerMetrics;
import skiff.apiserver.metrics.TimedStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.ExecutionException;
import skiff.api.time.Clock;
import skiff.apiserver.authn.Authentication;
import skiff.apiserver.authn.ClientCertificates;
import skiff.apiserver.authn.RegistryObjectLookup;
import skiff.apiserver.authn.ServiceAccountSigningKey;
import skiff.apiserver.cache.WatchCache;
import skiff.apiserver.http.ConnectionLimits;
import skiff.apiserver.http.HttpFrontEnd;
import skiff.apiserver.http.UpgradeAwareTransport;
import skiff.apiserver.kubelet.KubeletConnections;
import skiff.apiserver.resourcemetrics.KubeletScraper;
import skiff.apiserver.resourcemetrics.MetricsStore;
import skiff.apiserver.registry.ListOptions;
import skiff.apiserver.apiextensions.CustomResourceController;
import skiff.apiserver.registry.Registries;
import skiff.apiserver.registry.rbac.PolicyReconciler;
import skiff.apiserver.resource.BuiltinResources;
import skiff.apiserver.resource.KeyLayoutUpgrade;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.service.ServiceAllocationRepair;
import skiff.apiserver.service.ServiceAllocators;
import skiff.apiserver.service.ServiceNetwork;
import skiff.store.KeyValueStore;
import skiff.store.StoreException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kubernetes API server: the registry of every built-in resource over a {@link KeyValueStore}, a watch cache in
 * front of it, and an HTTPS front end (HTTP/1.1 and HTTP/2 by ALPN) that authenticates client certificates and bearer
 * tokens. Events expire
 * a time-to-live after their last write.
 */
public final class ApiServer implements AutoCloseable {
    private static final Duration EVENT_SWEEP_INTERVAL = Duration.ofSeconds(10);
    /** k/k pkg/controlplane/controller: the cluster IP and node port repair loops run every 3 minutes. */
    private static final Duration ALLOCATION_REPAIR_INTERVAL = Duration.ofMinutes(3);
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private final ApiServerMetrics metrics = new ApiServerMetrics();
    private final Auditor auditor;
    private final KeyValueStore store;
    private final WatchCache cache;
    private final Registries registries;
    private final Vertx vertx;
    private final HttpServer http;
    private final HttpServerOptions httpOptions;
    private HttpServer advertised;
    private final HttpFrontEnd frontEnd;
    private final KubeletConnections kubelets;
    private final MetricsStore resourceMetrics = new MetricsStore();
    private KubeletScraper metricsScraper;
    private volatile boolean ready;
    private EventExpiry eventExpiry;
    private CustomResourceController customResources;
    private final ServiceAllocationRepair allocationRepair;
    private final ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("skiff-service-allocation-repair").factory());
    private KubernetesServiceController kubernetesService;

    private ApiServer(Config config, Auditor auditor) {
        this.auditor = auditor;
        this.store = new TimedStore(config.store(), metrics, this::resourceOfKey, config.clock());
        this.cache = new WatchCache(store, config.watchCacheEvents());
        this.registries = new Registries(BuiltinResources.catalog(), store, cache, config.clock(), Set.of(),
                new ServiceAllocators(config.serviceNetwork()));
        this.allocationRepair = new ServiceAllocationRepair(registries.serviceAllocators());
        KeyValueStore untimed = config.store();
        metrics.storedObjects(() -> storedObjects(untimed));
        // The NIO transport with SpdyUpgradeMethod on each HTTP/1.x connection: kubectl 1.27-1.29 upgrade with a POST.
        this.vertx = Vertx.builder().withTransport(new UpgradeAwareTransport()).build();
        this.kubelets = new KubeletConnections(vertx, config.kubeletClientCertificatePem(),
                config.kubeletClientKeyPem());
        Optional<X509Certificate> clientCa = Optional.ofNullable(config.clientCaPem()).map(ClientCertificates::ca);
        Authentication authentication = new Authentication(config.token(), clientCa, config.serviceAccountKey(),
                new RegistryObjectLookup(registries), config.clock());
        this.frontEnd = new HttpFrontEnd(registries, config.clock(), authentication, this::storeAnswers, () -> ready,
                config.bindAddress() + ":" + config.port(), kubelets, vertx, config.connectionLimits(), metrics,
                auditor, resourceMetrics);
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.bindAddress())
                .setPort(config.port())
                .setSsl(true)
                .setUseAlpn(true)
                .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                .setKeyCertOptions(new PemKeyCertOptions()
                        .addCertValue(Buffer.buffer(config.certificatePem()))
                        .addKeyValue(Buffer.buffer(config.privateKeyPem())))
                .setMaxFormAttributeSize(-1)
                .setWebSocketSubProtocols(List.of("v5.channel.k8s.io", "SPDY/3.1+portforward.k8s.io"))
                .setIdleTimeout(0);
        // k/k apiserver pkg/server/secure_serving.go (1.32): client certificates are requested, not required, and
        // verified by the x509 authenticator, so a bad one is a 401 rather than a failed handshake.
        clientCa.ifPresent(ca -> options.setClientAuth(ClientAuth.REQUEST)
                .setTrustOptions(TrustOptions.wrap(ClientCertificates.requestingTrustManager(ca))));
        this.httpOptions = options;
        this.http = httpServer(options);
    }

    private HttpServer httpServer(HttpServerOptions options) {
        return vertx.createHttpServer(options).connectionHandler(frontEnd::connected)
                .requestHandler(frontEnd::accept)
                .webSocketHandshakeHandler(frontEnd::acceptWebSocket);
    }

    /**
     * The kubernetes Service's endpoints name the advertised address (k/k --advertise-address), so the server must
     * answer there: when bound to one address that is not it, it also listens on the advertised address, on the same
     * port (k3s instead binds every address). Every request there is authenticated as on the bind address.
     */
    static boolean listensOnAdvertised(String bindAddress, String advertiseAddress) {
        if (advertiseAddress == null || advertiseAddress.equals(bindAddress)) {
            return false;
        }
        try {
            InetAddress bind = InetAddress.getByName(bindAddress);
            InetAddress advertise = InetAddress.getByName(advertiseAddress);
            return !bind.isAnyLocalAddress() && !bind.equals(advertise) && !advertise.isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * What the server needs: a store, the serving key pair, the admin token, where to listen (port 0 picks a free
     * port), the clock, the client certificate it presents to kubelets (issued by the cluster CA to
     * {@code kube-apiserver-kubelet-client}), the CA whose client certificates authenticate users (null: none do)
     * and the key that signs service-account tokens.
     */
    public record Config(KeyValueStore store, String certificatePem, String privateKeyPem, String token,
            String bindAddress, int port, Clock clock, int watchCacheEvents, String kubeletClientCertificatePem,
            String kubeletClientKeyPem, ConnectionLimits connectionLimits, Duration eventTtl,
            ServiceNetwork serviceNetwork, String advertiseAddress, String clientCaPem,
            ServiceAccountSigningKey serviceAccountKey) {
        /** k/k kube-apiserver --event-ttl: 1h. */
        public static final Duration DEFAULT_EVENT_TTL = Duration.ofHours(1);

        /** Without client certificates, signing service-account tokens with a key of its own, kept in memory. */
        public Config(KeyValueStore store, String certificatePem, String privateKeyPem, String token,
                String bindAddress, int port, Clock clock, int watchCacheEvents, String kubeletClientCertificatePem,
                String kubeletClientKeyPem, ConnectionLimits connectionLimits, Duration eventTtl,
                ServiceNetwork serviceNetwork, String advertiseAddress) {
            this(store, certificatePem, privateKeyPem, token, bindAddress, port, clock, watchCacheEvents,
                    kubeletClientCertificatePem, kubeletClientKeyPem, connectionLimits, eventTtl, serviceNetwork,
                    advertiseAddress, null, ServiceAccountSigningKey.generate());
        }

        /** With the default service network, advertising the bind address. */
        public Config(KeyValueStore store, String certificatePem, String privateKeyPem, String token,
                String bindAddress, int port, Clock clock, int watchCacheEvents, String kubeletClientCertificatePem,
                String kubeletClientKeyPem, ConnectionLimits connectionLimits, Duration eventTtl) {
            this(store, certificatePem, privateKeyPem, token, bindAddress, port, clock, watchCacheEvents,
                    kubeletClientCertificatePem, kubeletClientKeyPem, connectionLimits, eventTtl,
                    ServiceNetwork.defaults(), bindAddress);
        }

        /** With Kubernetes' connection limits and Events' time-to-live. */
        public Config(KeyValueStore store, String certificatePem, String privateKeyPem, String token,
                String bindAddress, int port, Clock clock, int watchCacheEvents, String kubeletClientCertificatePem,
                String kubeletClientKeyPem) {
            this(store, certificatePem, privateKeyPem, token, bindAddress, port, clock, watchCacheEvents,
                    kubeletClientCertificatePem, kubeletClientKeyPem, ConnectionLimits.kubernetesDefaults(),
                    DEFAULT_EVENT_TTL);
        }
    }

    /**
     * Starts serving; returns once the port is bound, the watch cache is loaded and the Services' allocations are
     * restored from the stored Services.
     */
    public static ApiServer start(Config config) {
        return start(config, Auditor.disabled());
    }

    /** Like {@link #start(Config)}, auditing requests with {@code auditor}, which the server closes. */
    public static ApiServer start(Config config, Auditor auditor) {
        ApiServer server = new ApiServer(config, auditor);
        try {
            new KeyLayoutUpgrade(config.store()).run(server.registries.catalog());
            server.cache.start();
            new PolicyReconciler(server.registries).reconcile();
            // k/k 1.32 apiextensions-apiserver: the stored CRDs are served before the server reports ready.
            server.customResources = new CustomResourceController(server.registries, config.clock());
            server.customResources.start();
            server.allocationRepair.restore(server.allServices());
            server.http.listen().toCompletionStage().toCompletableFuture().get();
            if (listensOnAdvertised(config.bindAddress(), config.advertiseAddress())) {
                server.advertised = server.httpServer(new HttpServerOptions(server.httpOptions)
                        .setHost(config.advertiseAddress()).setPort(server.http.actualPort()));
                server.advertised.listen().toCompletionStage().toCompletableFuture().get();
            }
            server.maintenance.scheduleWithFixedDelay(server::repairAllocations, ALLOCATION_REPAIR_INTERVAL.toMillis(),
                    ALLOCATION_REPAIR_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            server.kubernetesService = new KubernetesServiceController(server.registries,
                    new ApiServerLeases(server.store, config.clock(), ApiServerLeases.TTL),
                    config.serviceNetwork().apiServerServiceIp(), config.advertiseAddress(), server.port());
            server.kubernetesService.start();
            server.eventExpiry = new EventExpiry(server.store, server.registries.catalog().all().stream()
                    .filter(d -> d.resource().equals("events")).map(ResourceDefinition::keyPrefix).distinct().toList(),
                    config.eventTtl(), config.clock(), EVENT_SWEEP_INTERVAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new IllegalStateException("interrupted while starting", e);
        } catch (ExecutionException | RuntimeException e) {
            server.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot listen on " + config.bindAddress() + ":" + config.port() + ": "
                    + cause.getMessage(), cause);
        }
        return server;
    }

    // k/k apiserver storagebackend/factory/etcd3.go (1.32): the storage health check is a read of a "health" key.
    private boolean storeAnswers() {
        try {
            store.get("/registry/health");
            return true;
        } catch (StoreException e) {
            return false;
        }
    }

    private List<ObjectNode> allServices() {
        ResourceDefinition services = registries.catalog().find("", "v1", "services").orElseThrow();
        return registries.forResource(services).list(null, ListOptions.everything()).items();
    }

    private void repairAllocations() {
        try {
            allocationRepair.runOnce(allServices());
        } catch (RuntimeException e) {
            LOG.warn("cannot repair the services' allocations: {}", e.getMessage());
        }
    }

    public Registries registries() {
        return registries;
    }

    /**
     * The registry {@code /metrics} serves: the API server's metrics, the JVM's and those of the components that
     * register theirs on it.
     */
    public PrometheusRegistry metricsRegistry() {
        return metrics.registry();
    }

    // k/k apiserver pkg/storage/etcd3/metrics (1.32): the resource label is the group resource, "pods" or
    // "deployments.apps"; each is counted under its storage key prefix.
    private static String groupResource(ResourceDefinition def) {
        return def.group().isEmpty() ? def.resource() : def.resource() + "." + def.group();
    }

    private Map<String, Long> storedObjects(KeyValueStore untimed) {
        Map<String, Long> counts = new TreeMap<>();
        Set<String> prefixes = new HashSet<>();
        for (ResourceDefinition def : registries.catalog().all()) {
            if (!def.createOnly() && prefixes.add(def.keyPrefix())) {
                counts.put(groupResource(def), untimed.count(def.keyPrefix()));
            }
        }
        return counts;
    }

    /** The resource whose objects are stored under {@code key} (the longest matching key prefix), or "". */
    private String resourceOfKey(String key) {
        if (registries == null) {
            return "";
        }
        ResourceDefinition best = null;
        for (ResourceDefinition def : registries.catalog().all()) {
            if (key.startsWith(def.keyPrefix())
                    && (best == null || def.keyPrefix().length() > best.keyPrefix().length())) {
                best = def;
            }
        }
        return best == null ? "" : groupResource(best);
    }

    private static void shutdown(HttpServer server) {
        if (server == null) {
            return;
        }
        try {
            server.shutdown(java.time.Duration.ofSeconds(5)).toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            // Already closed or never started.
        }
    }

    public int port() {
        return http.actualPort();
    }

    /**
     * Scrapes every node's kubelet for its resource metrics once a {@code resolution}, for metrics.k8s.io: the work of
     * metrics-server (--metric-resolution), done inside the API server with the kubelet-client certificate.
     */
    public void scrapeResourceMetrics(Duration resolution, Clock clock) {
        ResourceDefinition nodes = registries.catalog().find("", "v1", "nodes").orElseThrow();
        metricsScraper = new KubeletScraper(kubelets, () -> List.copyOf(registries.forResource(nodes)
                .list(null, ListOptions.everything()).items()), resourceMetrics, clock, resolution);
    }

    /** Marks the server ready: /readyz answers ok. */
    public void markReady() {
        ready = true;
    }

    /**
     * Takes this server out of the kubernetes Service's endpoints, stops accepting requests, lets in-flight ones
     * finish, then stops the cache. The store stays open.
     */
    @Override
    public void close() {
        ready = false;
        if (kubernetesService != null) {
            kubernetesService.close();
        }
        shutdown(advertised);
        shutdown(http);
        if (eventExpiry != null) {
            eventExpiry.close();
        }
        if (customResources != null) {
            customResources.close();
        }
        if (metricsScraper != null) {
            metricsScraper.close();
        }
        maintenance.shutdownNow();
        frontEnd.close();
        auditor.close();
        kubelets.close();
        cache.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // Nothing left to release.
        }
    }
}
