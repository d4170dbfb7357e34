package skiff.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import skiff.api.time.Clock;
import skiff.dns.ClusterDnsOptions;
import skiff.dns.ServiceRange;
import skiff.server.AgentCredentials;
import skiff.server.AgentOptions;
import skiff.server.CaCertHash;
import skiff.server.KubeletOptions;
import skiff.server.NodeJoin;
import skiff.server.ProxyOptions;
import skiff.server.SkiffAgent;

/** {@code skiff agent}: a kubelet that joins a Skiff server. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run a kubelet that joins a Skiff server: it registers this machine as a Node and runs the pods "
                + "bound to it.")
final class AgentCommand implements Callable<Integer> {
    private static volatile boolean running;

    @Option(names = "--server", required = true, description = "The API server URL, https://HOST:PORT.")
    String server;

    @Option(names = "--token-file", description = "A file holding a bearer token of the server (for example the "
            + "server's DATA/token); needs --ca-file. Without it the agent joins with its own certificate.")
    Path tokenFile;

    @Option(names = "--token", paramLabel = "ID.SECRET", description = "A bootstrap token (skiff token create) with "
            + "which the agent requests its client certificate, kept in DATA/kubelet.kubeconfig and reused.")
    String bootstrapToken;

    @Option(names = "--discovery-token-ca-cert-hash", paramLabel = "sha256:HEX", split = ",",
            description = "The hash of the cluster CA's public key that the CA in the server's cluster-info must "
                    + "match (as kubeadm join's); repeat for several.")
    List<String> caCertHashes = List.of();

    @Option(names = "--ca-file", description = "The cluster CA certificate (the server's DATA/tls/ca.crt): it "
            + "verifies the server, and the API server's client certificate on the kubelet port. Optional with "
            + "--token and --discovery-token-ca-cert-hash.")
    Path caFile;

    @Option(names = "--node-name", description = "This machine's node name (default: the host name).")
    String nodeName;

    @Option(names = "--node-ip", description = "The address the kubelet listens on and the Node's InternalIP "
            + "(default: ${DEFAULT-VALUE}).")
    String nodeIp = "127.0.0.1";

    @Option(names = "--data-dir", description = "Where the agent keeps its pods and certificate (default: "
            + "${DEFAULT-VALUE}).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".skiff-agent");

    @Option(names = "--runtime", description = "Container runtime: auto (default), process or runc.")
    String runtime = "auto";

    @Option(names = "--kubelet-port", description = "The kubelet's HTTPS port for logs and exec (default: "
            + "${DEFAULT-VALUE}; 0 picks a free one).")
    int kubeletPort = 10250;

    @Option(names = "--pod-manifest-path", paramLabel = "DIR",
            description = "Run a static pod for every manifest (YAML or JSON) in DIR, even while the server is away.")
    Path podManifestPath;

    @CommandLine.Mixin
    ProxyCliOptions proxy = new ProxyCliOptions();

    @CommandLine.Mixin
    RegistryCliOptions registries = new RegistryCliOptions();

    @CommandLine.Mixin
    KubeletHostCliOptions kubeletHost = new KubeletHostCliOptions();

    @Option(names = "--cluster-cidr", paramLabel = "CIDR", description = "The pods' address range (default: "
            + "${DEFAULT-VALUE}), as the server's; ClusterIP traffic from outside it is masqueraded.")
    String clusterCidr = ProxyOptions.DEFAULT_CLUSTER_CIDR;

    @Option(names = "--service-cidr", paramLabel = "CIDR", description = "The ClusterIPs' range (default: "
            + "${DEFAULT-VALUE}), as the server's; routed locally on this node.")
    String serviceCidr = ProxyOptions.DEFAULT_SERVICE_CIDR;

    @Option(names = "--cluster-dns", paramLabel = "IP", split = ",",
            description = "The cluster DNS address pods resolve with, as the server's --cluster-dns (default: the "
                    + "10th address of --service-cidr, 10.43.0.10); comma-separated for several.")
    List<String> clusterDns;

    @Option(names = "--cluster-domain", paramLabel = "DOMAIN",
            description = "The cluster domain pods search (default: ${DEFAULT-VALUE}), as the server's.")
    String clusterDomain = ClusterDnsOptions.DEFAULT_CLUSTER_DOMAIN;

    @Option(names = "--host-gw", description = "Route every other node's pod CIDR (spec.podCIDR) via that node's "
            + "InternalIP, as flannel's host-gw backend: for hosts on one layer-2 network.")
    boolean hostGatewayRoutes;

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
        KubeletOptions.RuntimeKind runtimeKind = switch (runtime) {
            case "auto" -> KubeletOptions.RuntimeKind.AUTO;
            case "process" -> KubeletOptions.RuntimeKind.PROCESS;
            case "runc" -> KubeletOptions.RuntimeKind.RUNC;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--runtime must be auto, process or runc, not '" + runtime + "'");
        };
        KubeletOptions kubelet = kubeletHost.applyTo(KubeletOptions.defaults().withNodeName(nodeName)
                .withRuntime(runtimeKind).withPort(kubeletPort)
                .withPodManifestPath(podManifestPath == null ? null : podManifestPath.toAbsolutePath())
                .withProxy(proxy.toOptions(spec.commandLine(), clusterCidr, serviceCidr))
                .withRegistries(registries.toConfig(spec.commandLine())), spec.commandLine());
        SkiffAgent agent;
        try {
            agent = SkiffAgent.start(options(kubelet));
        } catch (RuntimeException e) {
            System.err.println("skiff agent: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "skiff-agent-shutdown"));
        running = true;
        while (!agent.awaitConnected(Duration.ofSeconds(30))) {
            System.out.println("skiff agent: still waiting for " + server + " to answer"
                    + (podManifestPath == null ? "" : "; static pods run meanwhile") + ".");
            System.out.flush();
        }
        System.out.println("Skiff agent is ready: node " + agent.nodeName() + " joined " + server
                + " (kubelet port " + agent.kubeletPort() + ", data in " + dataDir + ").");
        System.out.flush();
        stopped.await();
        return 0;
    }

    /**
     * The agent's options from the flags: with {@code --token-file}, that token and the CA file; otherwise the node's
     * own certificate, requested with the bootstrap token unless the data dir already holds a valid one.
     */
    private AgentOptions options(KubeletOptions kubelet) {
        if (tokenFile != null) {
            if (caFile == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--token-file needs --ca-file");
            }
            return options(new AgentCredentials.BearerToken(read(tokenFile, "--token-file").strip()),
                    read(caFile, "--ca-file"), kubelet);
        }
        List<String> pins;
        try {
            pins = caCertHashes.stream().map(CaCertHash::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--discovery-token-ca-cert-hash: "
                    + e.getMessage());
        }
        NodeJoin.Joined joined = new NodeJoin(server.replaceAll("/+$", ""), Optional.ofNullable(bootstrapToken),
                pins, Optional.ofNullable(caFile).map(f -> read(f, "--ca-file")), dataDir.toAbsolutePath(),
                kubelet.effectiveNodeName(), Clock.system()).join();
        return options(joined.credentials(), joined.caPem(), kubelet);
    }

    /** The agent's options from the flags, with these credentials and CA. */
    AgentOptions options(AgentCredentials credentials, String ca, KubeletOptions kubelet) {
        List<String> dns;
        try {
            // kubeadm and k3s: the cluster DNS address is the 10th of the service range unless given.
            dns = clusterDns != null ? clusterDns : List.of(ServiceRange.tenthAddress(serviceCidr));
            // Checked as the server checks its own --cluster-dns and --cluster-domain.
            ClusterDnsOptions checked = ClusterDnsOptions.defaults().withClusterDomain(clusterDomain);
            dns.forEach(checked::withClusterDnsIp);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return new AgentOptions(server, credentials, ca, dataDir, kubelet, nodeIp, dns, clusterDomain,
                hostGatewayRoutes, Clock.system());
    }

    private String read(Path file, String option) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": cannot read " + file + ": "
                    + e.getMessage());
        }
    }
}
