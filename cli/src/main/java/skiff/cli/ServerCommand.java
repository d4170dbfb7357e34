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
import skiff.controllers.BuiltinControllers;
import skiff.controllers.podgc.PodGcController;
import skiff.dns.ClusterDnsOptions;
import skiff.server.KubeletOptions;
import skiff.server.PortUnavailableException;
import skiff.server.SkiffServer;
import skiff.server.SkiffServerOptions;
import skiff.server.StoreKind;

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

    @Option(names = "--etcd-endpoints", description = "etcd URLs for --store etcd.")
    String etcdEndpoints;

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

    @Option(names = "--no-kubelet", description = "Do not run a kubelet for this machine.")
    boolean noKubelet;

    @Option(names = "--disable-controllers", split = ",", paramLabel = "NAME",
            description = "Built-in controllers not to run, comma-separated: garbagecollector, serviceaccount, "
                    + "namespace, replicaset, replicationcontroller, deployment, statefulset, daemonset, "
                    + "nodelifecycle, taint-eviction-controller, podgc, scheduler for the scheduler and dns for "
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

    @Option(names = "--event-ttl", paramLabel = "DURATION", converter = GoDurationConverter.class,
            description = "How long an Event is kept after its last write, e.g. 30m (default: 1h).")
    Duration eventTtl = SkiffServerOptions.DEFAULT_EVENT_TTL;

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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static boolean keepsRunning() {
        return running;
    }

    @Override
    public Integer call() throws InterruptedException {
        StoreKind kind = switch (store) {
            case "embedded" -> StoreKind.EMBEDDED;
            case "memory" -> StoreKind.MEMORY;
            case "etcd" -> throw notImplemented("--store etcd (the etcd backend)");
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--store must be embedded, memory or etcd, not '" + store + "'");
        };
        if (etcdEndpoints != null) {
            throw notImplemented("--etcd-endpoints (the etcd backend)");
        }
        if (podManifestPath != null && noKubelet) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--pod-manifest-path needs the kubelet: it cannot go with --no-kubelet");
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
            case "runc" -> throw notImplemented("--runtime runc (the runc container runtime)");
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--runtime must be auto, process or runc, not '" + runtime + "'");
        };
        KubeletOptions kubelet = noKubelet ? KubeletOptions.disabled()
                : KubeletOptions.defaults().withNodeName(nodeName).withRuntime(runtimeKind).withPort(kubeletPort)
                        .withPodManifestPath(podManifestPath == null ? null : podManifestPath.toAbsolutePath());
        ClusterDnsOptions dns;
        try {
            dns = ClusterDnsOptions.defaults().withClusterDomain(clusterDomain).withPort(dnsPort);
            if (clusterDns != null) {
                dns = dns.withClusterDnsIp(clusterDns);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        SkiffServer server;
        try {
            server = SkiffServer.start(new SkiffServerOptions(dataDir, bind, port, kind, Clock.system())
                    .withKubelet(kubelet).withDisabledControllers(disabled)
                    .withNodeMonitorGracePeriod(nodeMonitorGracePeriod)
                    .withTerminatedPodGcThreshold(terminatedPodGcThreshold).withEventTtl(eventTtl).withDns(dns));
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
            System.out.println("Kubelet: node " + kubelet.effectiveNodeName() + ", process runtime (containers run as"
                    + " host processes; a pod needs a command). Stopping Skiff stops them.");
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

    private CommandLine.ParameterException notImplemented(String what) {
        return new CommandLine.ParameterException(spec.commandLine(), what + " is not implemented yet");
    }
}
