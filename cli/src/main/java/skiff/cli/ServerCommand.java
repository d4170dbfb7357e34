package skiff.cli;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import skiff.api.time.Clock;
import skiff.apiserver.service.ServiceNetwork;
import skiff.controllers.BuiltinControllers;
import skiff.controllers.nodeipam.NodeIpamOptions;
import skiff.controllers.certificates.signer.CsrSigningController;
import skiff.controllers.endpointslice.EndpointSliceController;
import skiff.controllers.podgc.PodGcController;
import skiff.dns.ClusterDnsOptions;
import skiff.dns.ServiceRange;
import skiff.server.KubeletOptions;
import skiff.server.PortUnavailableException;
import skiff.server.SkiffServer;
import skiff.server.AuditOptions;
import skiff.server.SkiffServerOptions;
import skiff.server.StoreKind;
import skiff.store.etcd.EtcdOptions;

/** {@code skiff server}: a single-node cluster on this machine. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the API server, its store, the built-in controllers, the scheduler and this machine's "
                + "kubelet.")
final class ServerCommand implements Callable<Integer> {
    private static volatile boolean running;

    @Option(names = "--data-dir", description = "Where the store, certificates and kubeconfig live (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".skiff");

    @Option(names = "--port", description = "HTTPS port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = 6443;

    @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind = "127.0.0.1";

    @Option(names = "--store", description = "embedded (SQLite, default), memory or etcd.")
    String store = "embedded";

    @CommandLine.Mixin
    EtcdCliOptions etcd = new EtcdCliOptions();

    @Option(names = "--etcd-compaction-interval", paramLabel = "DURATION", converter = GoDurationConverter.class,
            description = "How often to compact etcd's history; 0 never (default: 5m0s).")
    Duration etcdCompactionInterval = EtcdOptions.DEFAULT_COMPACTION_INTERVAL;

    @Option(names = "--node-name", description = "This machine's node name (kubelet).")
    String nodeName;

    @Option(names = "--runtime", description = "Container runtime: auto (default), process or runc (kubelet).")
    String runtime = "auto";

    @Option(names = "--pod-manifest-path", paramLabel = "DIR",
            description = "Run a static pod for every manifest (YAML or JSON) in DIR (kubelet).")
    Path podManifestPath;

    @Option(names = "--kubelet-port", description = "The kubelet's HTTPS port for logs and exec (default: "
            + "${DEFAULT-VALUE}; 0 picks a free one).")
    int kubeletPort = 10250;

    @Option(names = "--node-ip", paramLabel = "IP", description = "The address the kubelet listens on and the Node's "
            + "InternalIP (default: this machine's primary IPv4 address with the runc runtime, 127.0.0.1 with the "
            + "process runtime).")
    String nodeIp;

    @Option(names = "--no-kubelet", description = "Do not run a kubelet for this machine.")
    boolean noKubelet;

    @Option(names = "--disable-controllers", split = ",", paramLabel = "NAME",
            description = "Built-in controllers not to run, comma-separated: garbagecollector, serviceaccount, "
                    + "namespace, replicaset, replicationcontroller, deployment, statefulset, daemonset, "
                    + "nodelifecycle, taint-eviction-controller, podgc, nodeipam, endpoint, endpointslice, "
                    + "servicelb, root-ca-cert-publisher, persistentvolume-binder, persistentvolumeclaim-protection, "
                    + "persistentvolume-protection, local-path-provisioner, scheduler for the scheduler and dns for "
                    + "cluster DNS.")
    List<String> disabledControllers = List.of();

    @Option(names = "--node-monitor-grace-period", paramLabel = "DURATION", converter = GoDurationConverter.class,
            description = "How long a node may go without a heartbeat before it is marked Unknown, e.g. 40s "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration nodeMonitorGracePeriod = SkiffServerOptions.DEFAULT_NODE_MONITOR_GRACE_PERIOD;

    @Option(names = "--terminated-pod-gc-threshold", paramLabel = "N",
            description = "How many terminated pods may exist before the pod garbage collector deletes the oldest; "
                    + "0 or less: never (default: ${DEFAULT-VALUE}).")
    int terminatedPodGcThreshold = PodGcController.DEFAULT_TERMINATED_POD_THRESHOLD;

    @Option(names = "--max-endpoints-per-slice", paramLabel = "N",
            description = "The most endpoints the EndpointSlice controller puts in one slice, 1 to 1000 "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxEndpointsPerSlice = EndpointSliceController.DEFAULT_MAX_ENDPOINTS_PER_SLICE;

    @Option(names = "--cluster-signing-duration", paramLabel = "DURATION", converter = GoDurationConverter.class,
            description = "The longest certificate the csrsigning controller issues; a request's "
                    + "spec.expirationSeconds may ask for less (default: 8760h0m0s).")
    Duration clusterSigningDuration = CsrSigningController.DEFAULT_DURATION;

    @Option(names = "--event-ttl", paramLabel = "DURATION", converter = GoDurationConverter.class,
            description = "How long an Event is kept after its last write, e.g. 30m (default: 1h).")
    Duration eventTtl = SkiffServerOptions.DEFAULT_EVENT_TTL;

    @Option(names = "--audit-log-path", paramLabel = "FILE",
            description = "Where the API server writes its audit events, one JSON line each (with --audit-policy-file).")
    Path auditLogPath;

    @Option(names = "--audit-policy-file", paramLabel = "FILE",
            description = "An audit.k8s.io/v1 Policy: which requests are audited, at which level.")
    Path auditPolicyFile;

    @Option(names = "--audit-log-maxage", paramLabel = "DAYS",
            description = "The most days an old audit log file is kept (default: 0, any age).")
    int auditLogMaxAge;

    @Option(names = "--audit-log-maxbackup", paramLabel = "N",
            description = "The most old audit log files kept (default: 0, all).")
    int auditLogMaxBackup;

    @Option(names = "--audit-log-maxsize", paramLabel = "MB",
            description = "The size in megabytes past which the audit log is rotated (default: 0, 100 MB).")
    int auditLogMaxSize;

    @Option(names = "--metric-resolution", paramLabel = "DURATION", converter = GoDurationConverter.class,
            description = "How often the kubelets' resource metrics are scraped for metrics.k8s.io and kubectl top "
                    + "(default: 15s).")
    Duration metricResolution = SkiffServerOptions.DEFAULT_METRIC_RESOLUTION;

    @Option(names = "--cluster-cidr", paramLabel = "CIDR",
            description = "The IPv4 range of pod addresses, split into one pod CIDR per node (default: "
                    + "${DEFAULT-VALUE}).")
    String clusterCidr = NodeIpamOptions.DEFAULT_CLUSTER_CIDR;

    @Option(names = "--node-cidr-mask-size", paramLabel = "N",
            description = "The prefix length of each node's pod CIDR (default: ${DEFAULT-VALUE}).")
    int nodeCidrMaskSize = NodeIpamOptions.DEFAULT_NODE_CIDR_MASK_SIZE;

    @Option(names = "--allocate-node-cidrs", arity = "1", paramLabel = "true|false",
            description = "Give each node a pod CIDR from --cluster-cidr (default: ${DEFAULT-VALUE}).")
    boolean allocateNodeCidrs = true;

    @CommandLine.Mixin
    KubeletHostCliOptions kubeletHost = new KubeletHostCliOptions();

    @Option(names = "--service-cidr", paramLabel = "CIDR",
            description = "The IPv4 network Services' cluster IPs come from (default: ${DEFAULT-VALUE}).")
    String serviceCidr = ServiceNetwork.DEFAULT_SERVICE_CIDR;

    @Option(names = "--service-node-port-range", paramLabel = "LOW-HIGH",
            description = "The ports NodePort and LoadBalancer Services' node ports come from (default: "
                    + "${DEFAULT-VALUE}).")
    String serviceNodePortRange = ServiceNetwork.DEFAULT_NODE_PORT_RANGE;

    @CommandLine.Mixin
    ProxyCliOptions proxy = new ProxyCliOptions();

    @CommandLine.Mixin
    RegistryCliOptions registries = new RegistryCliOptions();

    @Option(names = "--cluster-dns", paramLabel = "IP",
            description = "The kube-dns Service's cluster IP, which pods' resolv.conf names (default: the 10th "
                    + "address of the service range, 10.43.0.10).")
    String clusterDns;

    @Option(names = "--cluster-domain", paramLabel = "DOMAIN",
            description = "The cluster domain that cluster DNS answers (default: ${DEFAULT-VALUE}).")
    String clusterDomain = ClusterDnsOptions.DEFAULT_CLUSTER_DOMAIN;

    @Option(names = "--dns-port", paramLabel = "N",
            description = "The UDP and TCP port cluster DNS listens on, on this node's primary address (default: "
                    + "${DEFAULT-VALUE}; 0 picks a free one).")
    int dnsPort = ClusterDnsOptions.DEFAULT_PORT;

    @CommandLine.Mixin
    ConfigFileCliOptions config = new ConfigFileCliOptions();

    @CommandLine.Mixin
    LoggingCliOptions logging = new LoggingCliOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;


    static boolean keepsRunning() {
        return running;
    }

    @Override
    public Integer call() throws InterruptedException {
        logging.apply(spec.commandLine());
        if (config.printIfAsked(spec, System.out)) {
            return 0;
        }
        StoreKind kind = switch (store) {
            case "embedded" -> StoreKind.EMBEDDED;
            case "memory" -> StoreKind.MEMORY;
            case "etcd" -> StoreKind.ETCD;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--store must be embedded, memory or etcd, not '" + store + "'");
        };
        EtcdOptions etcdOptions = etcdOptions(kind);
        if (podManifestPath != null && noKubelet) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--pod-manifest-path needs the kubelet: it cannot go with --no-kubelet");
        }
        // k/k cmd/kubelet/app/server.go (1.32): --node-ip must parse as an IP address.
        if (nodeIp != null && !isIpLiteral(nodeIp)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--node-ip must be an IP address, not '" + nodeIp + "'");
        }
        // k/k cmd/kube-controller-manager/app/options/endpointslicecontroller.go Validate: 1 to 1000.
        if (maxEndpointsPerSlice < 1 || maxEndpointsPerSlice > 1000) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--max-endpoints-per-slice must be between 1 and 1000, not " + maxEndpointsPerSlice);
        }
        // kube-controller-manager takes any duration; one that is not positive would only issue expired certificates.
        if (clusterSigningDuration.isNegative() || clusterSigningDuration.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--cluster-signing-duration must be positive, not " + clusterSigningDuration);
        }
        Set<String> disabled = new LinkedHashSet<>(disabledControllers);
        List<String> known = new java.util.ArrayList<>(BuiltinControllers.names());
        known.add(SkiffServerOptions.SCHEDULER);
        known.add(SkiffServerOptions.DNS);
        for (String name : disabled) {
            if (!known.contains(name)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--disable-controllers: unknown "
                        + "controller '" + name + "'; known: " + String.join(", ", known));
            }
        }
        KubeletOptions.RuntimeKind runtimeKind = switch (runtime) {
            case "auto" -> KubeletOptions.RuntimeKind.AUTO;
            case "process" -> KubeletOptions.RuntimeKind.PROCESS;
            case "runc" -> KubeletOptions.RuntimeKind.RUNC;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--runtime must be auto, process or runc, not '" + runtime + "'");
        };
        NodeIpamOptions nodeIpam;
        ServiceNetwork serviceNetwork;
        try {
            nodeIpam = new NodeIpamOptions(allocateNodeCidrs, clusterCidr, nodeCidrMaskSize);
            serviceNetwork = ServiceNetwork.of(serviceCidr, serviceNodePortRange);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        KubeletOptions kubelet = noKubelet ? KubeletOptions.disabled()
                : kubeletHost.applyTo(KubeletOptions.defaults().withNodeName(nodeName).withRuntime(runtimeKind)
                        .withPort(kubeletPort).withNodeIp(nodeIp)
                        .withPodManifestPath(podManifestPath == null ? null : podManifestPath.toAbsolutePath())
                        .withProxy(proxy.toOptions(spec.commandLine(), clusterCidr, serviceCidr))
                        .withRegistries(registries.toConfig(spec.commandLine())), spec.commandLine());
        ClusterDnsOptions dns;
        try {
            dns = ClusterDnsOptions.defaults().withClusterDomain(clusterDomain).withPort(dnsPort);
            // kubeadm and k3s: the cluster DNS address is the 10th of the service range unless given.
            dns = dns.withClusterDnsIp(clusterDns != null ? clusterDns : ServiceRange.tenthAddress(serviceCidr));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        SkiffServer server;
        try {
            SkiffServerOptions options = etcdOptions == null
                    ? new SkiffServerOptions(dataDir, bind, port, kind, Clock.system())
                    : new SkiffServerOptions(dataDir, bind, port, StoreKind.EMBEDDED, Clock.system())
                            .withEtcd(etcdOptions);
            server = SkiffServer.start(options
                    .withKubelet(kubelet).withDisabledControllers(disabled)
                    .withNodeMonitorGracePeriod(nodeMonitorGracePeriod)
                    .withTerminatedPodGcThreshold(terminatedPodGcThreshold).withEventTtl(eventTtl)
                    .withNodeIpam(nodeIpam).withMaxEndpointsPerSlice(maxEndpointsPerSlice)
                    .withServiceNetwork(serviceNetwork).withDns(dns)
                    .withClusterSigningDuration(clusterSigningDuration)
                    .withAudit(new AuditOptions(auditLogPath, auditPolicyFile, auditLogMaxAge, auditLogMaxBackup,
                            auditLogMaxSize))
                    .withMetricResolution(metricResolution));
        } catch (PortUnavailableException e) {
            System.err.println("skiff: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            System.err.println("skiff server: " + e.getMessage()
                    + (e.getCause() != null && e.getCause().getMessage() != null ? ": " + e.getCause().getMessage() : ""));
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "skiff-shutdown"));
        running = true;
        if (!noKubelet) {
            boolean runc = server.kubelet().map(k -> k.runtime().type().equals("runc")).orElse(false);
            System.out.println("Kubelet: node " + kubelet.effectiveNodeName() + (runc
                    ? ", runc runtime (containers from OCI images, a network namespace per pod). They keep running"
                            + " when Skiff stops."
                    : ", process runtime (containers run as host processes; a pod needs a command). Stopping Skiff"
                            + " stops them."));
            if (podManifestPath != null) {
                System.out.println("Static pods: one per manifest in " + podManifestPath.toAbsolutePath() + ".");
            }
        }
        System.out.println("Skiff API server is ready at " + server.url() + " (data in " + server.dataDir() + ").");
        System.out.println("To use it:  export KUBECONFIG=" + server.kubeconfig() + "  &&  kubectl get namespaces");
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** The etcd flags, which only {@code --store etcd} takes and which it needs endpoints from; null otherwise. */
    private EtcdOptions etcdOptions(StoreKind kind) {
        if (kind != StoreKind.ETCD) {
            if (etcd.given() || !etcdCompactionInterval.equals(EtcdOptions.DEFAULT_COMPACTION_INTERVAL)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "the --etcd-* flags go with --store etcd");
            }
            return null;
        }
        return etcd.toOptions(spec.commandLine(), "--store etcd", etcdCompactionInterval);
    }

    /** An IPv4 dotted quad or an IPv6 literal; never a host name to resolve. */
    private static boolean isIpLiteral(String s) {
        if (!s.matches("(\\d{1,3}\\.){3}\\d{1,3}") && !s.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            return false;
        }
        try {
            java.net.InetAddress.getByName(s);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
