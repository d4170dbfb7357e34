package skiff.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.UnaryOperator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.version.KubernetesVersion;
import skiff.apiserver.ApiServer;
import skiff.apiserver.authn.ServiceAccountSigningKey;
import skiff.apiserver.http.ConnectionLimits;
import skiff.apiserver.security.ClusterCredentials;
import skiff.apiserver.security.IssuedCertificate;
import skiff.apiserver.security.Kubeconfig;
import skiff.client.leaderelection.LeaderElectionTimings;
import skiff.kubelet.Kubelet;
import skiff.kubelet.KubeletConfig;
import skiff.kubelet.proxy.ServiceProxy;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.controllers.BuiltinControllers;
import skiff.controllers.ControllerOptions;
import skiff.controllers.certificates.signer.ClusterSigningCa;
import skiff.controllers.framework.ControllerManager;
import skiff.controllers.serviceaccount.ServiceAccountController;
import skiff.apiserver.registry.ListOptions;
import skiff.apiserver.registry.Registries;
import skiff.controllers.nodelifecycle.NodeLifecycleOptions;
import skiff.image.AirgapImports;
import skiff.image.OciImageStore;
import skiff.dns.ClusterDns;
import skiff.dns.ClusterDnsOptions;
import skiff.scheduler.Scheduler;
import skiff.store.KeyValueStore;
import skiff.store.memory.MemoryKeyValueStore;
import skiff.store.etcd.EtcdKeyValueStore;
import skiff.store.sqlite.SqliteKeyValueStore;

/**
 * A whole Skiff control plane in this JVM: store, API server, the built-in controllers and (as later issues add
 * them) scheduler and kubelet, all of which reach the API server over HTTPS like any other client.
 *
 * <pre>{@code
 * try (SkiffServer skiff = SkiffServer.start(SkiffServerOptions.defaults(dir).withPort(0))) {
 *     KubernetesClient client = skiff.newClient();
 * }
 * }</pre>
 */
public final class SkiffServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SkiffServer.class);
    private static final java.time.Duration COMPACTION_INTERVAL = java.time.Duration.ofMinutes(5);
    private static final long RETAINED_REVISIONS = 100_000;
    private static final java.time.Duration KUBELET_STARTUP_DEADLINE = java.time.Duration.ofMinutes(2);
    private static final java.time.Duration DEFAULT_ACCOUNTS_DEADLINE = java.time.Duration.ofMinutes(2);
    // k3s manifests/coredns.yaml and kubeadm's CoreDNS addon: the account cluster DNS runs as, in kube-system.
    private static final String DNS_ACCOUNT = "coredns";

    private final SkiffServerOptions options;
    private final KeyValueStore store;
    private final ApiServer apiServer;
    private final ClusterCredentials credentials;
    private final Path kubeconfig;
    private final String url;
    private ComponentClient controllerClient;
    private ControllerManager controllers;
    private boolean deleteOnClose;
    private Kubelet kubelet;
    private ServiceProxy proxy;
    private ComponentClient kubeletClient;
    private Scheduler scheduler;
    private ComponentClient schedulerClient;
    private ClusterDns dns;
    private ComponentClient dnsClient;
    private ComponentClient proxyClient;
    private ServiceAccountClients controllerAccounts;
    private ComponentLeadership controllerLeadership;
    private ComponentLeadership schedulerLeadership;
    private ServiceAccountClients dnsAccount;

    private SkiffServer(SkiffServerOptions options, KeyValueStore store, ApiServer apiServer,
            ClusterCredentials credentials, Path kubeconfig, String url) {
        this.options = options;
        this.store = store;
        this.apiServer = apiServer;
        this.credentials = credentials;
        this.kubeconfig = kubeconfig;
        this.url = url;
    }

    /**
     * Starts the server and returns once it is ready to serve (GET /readyz answers ok) and its kubelet, if any, has
     * registered its node.
     *
     * @throws PortUnavailableException when the API server's, the kubelet's or cluster DNS's port cannot be listened
     *     on; nothing is left running and readiness was never reported
     */
    public static SkiffServer start(SkiffServerOptions options) {
        Path dataDir = options.dataDir().toAbsolutePath();
        if (!options.disabledControllers().contains(SkiffServerOptions.DNS)) {
            // Cluster DNS listens only once the API server is ready: its port is checked before anything starts.
            PortUnavailableException.checkUdpAndTcp(ClusterDns.listenAddress(options.dns()), options.dns().port(),
                    PortUnavailableException.Listener.CLUSTER_DNS);
        }
        DataDirectory.createPrivate(dataDir);
        String advertise = AdvertiseAddress.choose(options.bindAddress());
        ClusterCredentials credentials = ClusterCredentials.loadOrCreate(dataDir, dnsNames(options.bindAddress()),
                ipAddresses(options.bindAddress(), advertise, options.serviceNetwork().apiServerServiceIp()));
        KeyValueStore store = openStore(options, dataDir);
        IssuedCertificate kubeletClient = credentials.issueKubeletClientCertificate();
        ApiServer apiServer;
        try {
            apiServer = ApiServer.start(new ApiServer.Config(store, credentials.servingCertificatePem(),
                    credentials.servingKeyPem(), credentials.adminToken(), options.bindAddress(), options.port(),
                    options.clock(), options.watchCacheEvents(), kubeletClient.certificatePem(),
                    kubeletClient.privateKeyPem(), ConnectionLimits.kubernetesDefaults(), options.eventTtl(),
                    options.serviceNetwork(), advertise, credentials.caCertificatePem(),
                    ServiceAccountSigningKey.of(credentials.serviceAccountKey())),
                    options.audit().auditor(options.clock()));
        } catch (RuntimeException e) {
            store.close();
            throw PortUnavailableException.of(e, options.port(), PortUnavailableException.Listener.API_SERVER)
                    .orElseThrow(() -> e);
        }
        apiServer.scrapeResourceMetrics(options.metricResolution(), options.clock());
        ClusterBootstrap.ensureSystemNamespaces(apiServer.registries());
        ClusterBootstrap.ensureSystemPriorityClasses(apiServer.registries());
        ClusterBootstrap.ensureLocalPathStorageClass(apiServer.registries());
        String host = clientHost(options.bindAddress());
        String url = "https://" + host + ":" + apiServer.port();
        Path kubeconfig = dataDir.resolve("kubeconfig.yaml");
        Kubeconfig.write(kubeconfig, url, credentials.caCertificatePem(), credentials.adminCertificate());
        BootstrapTokenAccess.ensure(apiServer.registries(), url, credentials.caCertificatePem());
        SkiffServer server = new SkiffServer(options, store, apiServer, credentials, kubeconfig, url);
        try {
            // The kubelet binds its port before readiness is reported, so a taken port stops the start first.
            if (options.kubelet().enabled()) {
                server.startKubelet(dataDir);
            }
            apiServer.markReady();
            LOG.info("api server ready url={} store={} dataDir={}", url, options.store(), dataDir);
            server.runControllers();
            if (!options.disabledControllers().contains(ServiceAccountController.NAME)) {
                server.awaitDefaultServiceAccounts();
            }
            if (!options.disabledControllers().contains(SkiffServerOptions.SCHEDULER)) {
                server.runScheduler();
            }
            if (!options.disabledControllers().contains(SkiffServerOptions.DNS)) {
                server.startDns();
            }
            if (server.kubelet != null) {
                server.awaitKubeletConnected();
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * Starts this machine's kubelet, which listens on its port at once and registers its node as soon as the API
     * server answers. It is an API client like any other: it gets its own fabric8 client over HTTPS, never the API
     * server's objects.
     */
    private void startKubelet(Path dataDir) {
        KubeletOptions k = options.kubelet();
        importAirgapImages(dataDir);
        // Streamed HTTP watches, as client-go uses, rather than fabric8's default WebSocket watches; a patient request
        // timeout, as a busy machine can take a while to answer the very first requests.
        // k/k kubelet client certificate (kubeadm, k3s): user system:node:<nodeName> in group system:nodes, which the
        // Node authorizer and NodeRestriction hold to its own node and pods.
        kubeletClient = new ComponentClient(new ConfigBuilder(componentConfig("kubelet",
                "system:node:" + k.effectiveNodeName(), Set.of("system:nodes"))).withOnlyHttpWatches(true)
                .withRequestTimeout(30_000).build());
        RuntimeSelection selected = RuntimeSelection.create(k, dataDir, dataDir.resolve("kubelet"),
                k.effectiveNodeName(), k.nodeIp(), kubeletClient.client(), options.clock());
        KubeletConfig config = KubeletConfig.defaults(k.effectiveNodeName(), dataDir.resolve("kubelet"),
                options.clock(), selected.runtime(), credentials.caCertificatePem()).withNodeIp(selected.nodeIp())
                .withServerPort(k.port())
                .withPodManifestPath(k.podManifestPath()).withStopPodsOnClose(!selected.keepsContainersOnClose())
                .withImages(selected.images());
        // k3s passes --cluster-dns and --cluster-domain to its kubelet; without cluster DNS pods use the node's.
        boolean clusterDns = !options.disabledControllers().contains(SkiffServerOptions.DNS);
        config = config.withNodeSettings(config.nodeSettings().withCgroupRoot(k.host().cgroupRoot()).withClusterDns(
                clusterDns ? List.of(options.dns().clusterDnsIp()) : List.of(), options.dns().clusterDomain()));
        try {
            kubelet = Kubelet.start(config, kubeletClient.client());
        } catch (RuntimeException e) {
            throw PortUnavailableException.of(e, k.port(), PortUnavailableException.Listener.KUBELET)
                    .orElseThrow(() -> e);
        }
        // k/k kube-proxy's identity (kubeadm: the kube-proxy account; k3s: a client certificate for system:kube-proxy),
        // bound to system:node-proxier.
        proxyClient = new ComponentClient(new ConfigBuilder(
                componentConfig("kube-proxy", "system:kube-proxy", Set.of()))
                .withOnlyHttpWatches(true).withRequestTimeout(30_000).build());
        proxy = NodeProxies.start(k.proxy(), k.effectiveNodeName(), proxyClient.client());
    }

    /** Imports the image archives dropped into DATA/images (k3s' airgap convention) before the kubelet starts. */
    private static void importAirgapImages(Path dataDir) {
        if (!Files.isDirectory(dataDir.resolve("images"))) {
            return;
        }
        try {
            AirgapImports.inDataDir(dataDir, OciImageStore.open(OciImageStore.inDataDir(dataDir))).importNew();
        } catch (IOException e) {
            LOG.warn("airgap images in {} not imported: {}", dataDir.resolve("images"), e.getMessage());
        }
    }

    private void awaitKubeletConnected() {
        try {
            if (!kubelet.awaitConnected(KUBELET_STARTUP_DEADLINE)) {
                throw new IllegalStateException("the kubelet did not register its node within "
                        + KUBELET_STARTUP_DEADLINE.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the kubelet registered its node", e);
        }
    }

    /** The kubelet this server runs, if any. */
    public java.util.Optional<Kubelet> kubelet() {
        return java.util.Optional.ofNullable(kubelet);
    }

    /**
     * Waits until every namespace has its default ServiceAccount: the serviceaccount controller is then up, and a
     * namespace created from now on gets its account well within the time the ServiceAccount admission plugin waits
     * for it, so that pods created right after start are not refused.
     */
    private void awaitDefaultServiceAccounts() {
        Registries registries = apiServer.registries();
        long deadline = options.clock().nanoTime() + DEFAULT_ACCOUNTS_DEADLINE.toNanos();
        try {
            while (!registries.namespaces().list(null, ListOptions.everything()).items().stream()
                    .map(ns -> ns.path("metadata").path("name").asString())
                    .allMatch(ns -> registries.serviceAccount(ns, "default").isPresent())) {
                if (options.clock().nanoTime() > deadline) {
                    throw new IllegalStateException("the serviceaccount controller did not create the namespaces' "
                            + "default ServiceAccounts within " + DEFAULT_ACCOUNTS_DEADLINE.toSeconds() + " s");
                }
                options.clock().sleep(java.time.Duration.ofMillis(50));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the default ServiceAccounts were created", e);
        }
    }

    /**
     * The controllers: at once on a store of this server's own, while this server holds the kube-controller-manager
     * Lease on a shared one (etcd), where other servers may run them too.
     */
    private void runControllers() {
        if (options.store() != StoreKind.ETCD) {
            startControllers();
            return;
        }
        controllerLeadership = ComponentLeadership.start("kube-controller-manager",
                componentConfig("kube-controller-manager", "system:kube-controller-manager", Set.of()),
                ComponentLeadership.identity(options.dataDir()), LeaderElectionTimings.DEFAULTS, options.clock(),
                this::startControllers, () -> {
                    stopControllers();
                    controllerClient.close();
                    controllerClient = null;
                    controllers = null;
                    controllerAccounts = null;
                });
    }

    /** The scheduler, as {@link #runControllers()} runs the controllers, under the kube-scheduler Lease. */
    private void runScheduler() {
        if (options.store() != StoreKind.ETCD) {
            startScheduler();
            return;
        }
        schedulerLeadership = ComponentLeadership.start("kube-scheduler",
                componentConfig("kube-scheduler", "system:kube-scheduler", Set.of()),
                ComponentLeadership.identity(options.dataDir()),
                LeaderElectionTimings.DEFAULTS, options.clock(), this::startScheduler, () -> {
                    stopScheduler();
                    schedulerClient.close();
                    schedulerClient = null;
                    scheduler = null;
                });
    }

    /**
     * The built-in controllers, API clients of this server over HTTPS (k/k kube-controller-manager): the shared
     * informers as system:kube-controller-manager, each controller with the token of its own ServiceAccount in
     * kube-system (--use-service-account-credentials), held to its role system:controller:&lt;account&gt;. Their
     * metrics go to the API server's registry, served at its /metrics, as in k3s, whose one process shares one registry.
     */
    private void startControllers() {
        controllerClient = new ComponentClient(componentConfig("kube-controller-manager",
                "system:kube-controller-manager", Set.of()));
        controllerAccounts = new ServiceAccountClients(controllerClient, baseConfig(), options.clock());
        controllers = ControllerManager.builder(controllerClient.client(), options.clock())
                .metrics(apiServer.metricsRegistry())
                .clients(name -> controllerAccounts.client(BuiltinControllers.serviceAccount(name)))
                .controllers(BuiltinControllers.all(new ControllerOptions(
                        NodeLifecycleOptions.withGracePeriod(options.nodeMonitorGracePeriod()),
                        options.terminatedPodGcThreshold(), options.nodeIpam(), options.maxEndpointsPerSlice())
                        .withRootCa(credentials.caCertificatePem())
                        .withLocalPathRoot(options.dataDir().toAbsolutePath().resolve("storage").toString())
                        .withSigningCa(ClusterSigningCa.fromPem(credentials.caCertificatePem(),
                                credentials.ca().privateKeyPem()))
                        .withClusterSigningDuration(options.clusterSigningDuration())))
                .disable(options.disabledControllers().stream()
                        .filter(name -> !name.equals(SkiffServerOptions.SCHEDULER) && !name.equals(SkiffServerOptions.DNS))
                        .collect(Collectors.toSet()))
                .build();
        controllers.start();
    }

    /**
     * The scheduler, an API client of this server over HTTPS with its own client (k/k kube-scheduler); its metrics go
     * to the API server's registry, as the controllers' do.
     */
    private void startScheduler() {
        schedulerClient = new ComponentClient(new ConfigBuilder(
                componentConfig("kube-scheduler", "system:kube-scheduler", Set.of()))
                .withOnlyHttpWatches(true).withRequestTimeout(30_000).build());
        scheduler = Scheduler.start(schedulerClient.client(), options.clock(), new java.util.Random(),
                apiServer.metricsRegistry());
    }

    /**
     * Cluster DNS, an API client of this server over HTTPS with its own client (the role CoreDNS plays in kubeadm and
     * k3s clusters), listening where the kube-dns Service's endpoints say. Like CoreDNS there it acts as the
     * ServiceAccount kube-system/coredns, held to the ClusterRole system:coredns (and, as it publishes the kube-dns
     * Service itself, to the Role skiff:cluster-dns), with a token requested as the controllers' are.
     */
    private void startDns() {
        dnsClient = new ComponentClient(componentConfig("coredns", "system:kube-controller-manager", Set.of()));
        dnsAccount = new ServiceAccountClients(dnsClient, new ConfigBuilder(baseConfig()).withOnlyHttpWatches(true)
                .withRequestTimeout(30_000).build(), options.clock());
        try {
            dns = ClusterDns.start(dnsAccount.client(DNS_ACCOUNT), options.dns(), options.clock());
        } catch (java.io.UncheckedIOException e) {
            throw PortUnavailableException.of(e, options.dns().port(), PortUnavailableException.Listener.CLUSTER_DNS)
                    .orElseThrow(() -> e);
        }
    }

    /** Cluster DNS, unless disabled. */
    public java.util.Optional<ClusterDns> dns() {
        return java.util.Optional.ofNullable(dns);
    }

    /**
     * Starts a throw-away server: a new temporary data directory, a free port on 127.0.0.1, the given store.
     * {@link #close()} deletes the directory.
     */
    public static SkiffServer startTemporary(StoreKind store) {
        return startTemporary(store, options -> options);
    }

    /** Like {@link #startTemporary(StoreKind)}, with options adjusted (kubelet, controllers, watch cache). */
    public static SkiffServer startTemporary(StoreKind store, UnaryOperator<SkiffServerOptions> adjust) {
        Path dir;
        try {
            dir = Files.createTempDirectory("skiff-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SkiffServerOptions defaults = SkiffServerOptions.defaults(dir).withPort(0).withStore(store);
        // A temporary server's pods are host processes unless asked otherwise: no bridge, cgroups or images of the
        // product's defaults touched on the machine; cluster DNS on loopback and a free port, not the node's port 53.
        SkiffServer server = start(adjust.apply(defaults.withKubelet(defaults.kubelet().withPort(0)
                .withRuntime(KubeletOptions.RuntimeKind.PROCESS))
                .withDns(ClusterDnsOptions.defaults().withListen("127.0.0.1", 0))));
        server.deleteOnClose = true;
        return server;
    }

    private static KeyValueStore openStore(SkiffServerOptions options, Path dataDir) {
        return switch (options.store()) {
            case EMBEDDED -> {
                Path dbFile = embeddedStoreFile(dataDir);
                DataDirectory.createPrivate(dbFile.getParent());
                SqliteKeyValueStore sqlite = SqliteKeyValueStore.open(dbFile);
                // k/k apiserver compacts etcd every 5 minutes (--etcd-compaction-interval); history older than the
                // watch cache's window is of no use to watchers, and continue tokens that old expire (410).
                sqlite.startAutoCompaction(COMPACTION_INTERVAL, RETAINED_REVISIONS);
                yield sqlite;
            }
            case MEMORY -> new MemoryKeyValueStore();
            case ETCD -> {
                EtcdKeyValueStore etcd = EtcdKeyValueStore.open(options.etcd(), "/registry");
                // k/k apiserver storage/etcd3/compact.go: every --etcd-compaction-interval, shared with other API
                // servers on the same etcd through compact_rev_key.
                etcd.startCompaction(options.etcd().compactionInterval());
                yield etcd;
            }
        };
    }

    /** The embedded store's database in a data directory: DIR/db/state.db. */
    public static Path embeddedStoreFile(Path dataDir) {
        return dataDir.resolve("db").resolve("state.db");
    }

    public String url() {
        return url;
    }

    /**
     * The store under the API server. Only for tests that must put there what the API would refuse (an object from
     * old data or another writer), to show that the components survive it.
     */
    public KeyValueStore store() {
        return store;
    }

    public int port() {
        return apiServer.port();
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public Path dataDir() {
        return options.dataDir();
    }

    public String adminToken() {
        return credentials.adminToken();
    }

    public String caCertificatePem() {
        return credentials.caCertificatePem();
    }

    /** A fabric8 client configuration for the admin user, independent of ~/.kube and the environment. */
    public Config clientConfig() {
        return new ConfigBuilder(baseConfig()).withOauthToken(credentials.adminToken()).build();
    }

    /** This server's address and CA, without credentials. */
    private Config baseConfig() {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withCaCertData(base64(credentials.caCertificatePem()))
                .withNamespace("default")
                .build();
    }

    /**
     * A configuration that authenticates one of the server's components by a client certificate of the cluster CA
     * naming its user and groups (as kubeadm's and k3s' kubeconfigs for the scheduler, controller manager, kubelet
     * and proxy do); the certificate lives in memory only. Its key is on P-256, as k3s' are: one is made for every
     * component at every start, where an RSA key would cost a hundred times the CPU. Its User-Agent names the
     * {@code command}, as client-go's does, so managedFields credit that component.
     */
    private Config componentConfig(String command, String user, Set<String> groups) {
        IssuedCertificate certificate = credentials.ca().issueClientCertificate(user, groups);
        return new ConfigBuilder(baseConfig())
                .withUserAgent(KubernetesVersion.userAgent(command))
                .withClientCertData(base64(certificate.certificatePem()))
                .withClientKeyData(base64(certificate.kubeconfigKeyPem()))
                .withClientKeyAlgo("EC")
                .build();
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    }

    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(clientConfig()).build();
    }

    /**
     * Stops the service proxy (its nftables table and route removed), then the kubelet (and with it every container it runs: a single-process Skiff cannot watch them once it is
     * gone, unlike a Kubernetes node where containers outlive a kubelet restart), then the scheduler and the
     * controllers with their clients, then stops serving (in-flight requests finish), then the clients' event loops,
     * and closes the store.
     */
    @Override
    public void close() {
        if (proxy != null) {
            try {
                proxy.close();
            } catch (RuntimeException e) {
                LOG.warn("service proxy did not stop cleanly", e);
            }
            proxy = null;
        }
        if (proxyClient != null) {
            proxyClient.closeClient();
        }
        if (kubelet != null) {
            try {
                kubelet.close();
                if (deleteOnClose) {
                    ContainerRuntime runtime = kubelet.runtime();
                    runtime.sandboxes().forEach(runtime::removeSandbox);
                }
            } catch (RuntimeException e) {
                LOG.warn("kubelet did not stop cleanly", e);
            }
            kubelet = null;
        }
        if (kubeletClient != null) {
            kubeletClient.closeClient();
        }
        try {
            stopDns();
            Stream.of(schedulerLeadership, controllerLeadership).filter(Objects::nonNull)
                    .forEach(ComponentLeadership::close);
            stopScheduler();
            stopControllers();
            apiServer.close();
        } finally {
            Stream.of(kubeletClient, proxyClient, schedulerClient, controllerClient, dnsClient).filter(Objects::nonNull)
                    .forEach(ComponentClient::close);
            store.close();
        }
        if (deleteOnClose) {
            DataDirectory.delete(options.dataDir());
        }
        LOG.info("stopped url={}", url);
    }

    private void stopScheduler() {
        try {
            if (scheduler != null) {
                scheduler.close();
            }
        } finally {
            if (schedulerClient != null) {
                schedulerClient.closeClient();
            }
        }
    }

    private void stopDns() {
        try {
            if (dnsAccount != null) {
                dnsAccount.close();
            }
            if (dns != null) {
                dns.close();
            }
        } finally {
            if (dnsClient != null) {
                dnsClient.closeClient();
            }
        }
    }

    private void stopControllers() {
        try {
            if (controllerAccounts != null) {
                controllerAccounts.close();
            }
            if (controllers != null) {
                controllers.close();
            }
        } finally {
            if (controllerClient != null) {
                controllerClient.closeClient();
            }
        }
    }

    private static Set<String> dnsNames(String bind) {
        Set<String> names = new LinkedHashSet<>();
        names.add("localhost");
        names.add("kubernetes");
        names.add("kubernetes.default");
        names.add("kubernetes.default.svc");
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (!host.isBlank() && !isIpLiteral(host)) {
                names.add(host.toLowerCase(java.util.Locale.ROOT));
            }
        } catch (UnknownHostException e) {
            // No host name to add.
        }
        if (!isIpLiteral(bind) && !bind.isBlank()) {
            names.add(bind.toLowerCase(java.util.Locale.ROOT));
        }
        return names;
    }

    // k3s' serving certificate names the kubernetes Service's ClusterIP and the node's address, which in-cluster
    // clients dial (https://kubernetes.default.svc resolves to the ClusterIP; its endpoints name the advertised one).
    private static Set<String> ipAddresses(String bind, String advertise, String apiServerServiceIp) {
        Set<String> ips = new LinkedHashSet<>();
        ips.add("127.0.0.1");
        if (isIpLiteral(bind) && !bind.equals("0.0.0.0") && !bind.equals("::")) {
            ips.add(bind);
        }
        ips.add(advertise);
        ips.add(apiServerServiceIp);
        return ips;
    }

    private static String clientHost(String bind) {
        if (bind.equals("0.0.0.0") || bind.equals("::") || bind.isBlank()) {
            return "127.0.0.1";
        }
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }

    private static boolean isIpLiteral(String s) {
        return s.matches("[0-9.]+") || s.contains(":");
    }
}
