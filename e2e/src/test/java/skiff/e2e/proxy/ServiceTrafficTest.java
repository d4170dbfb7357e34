package skiff.e2e.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.net.PrimaryIpv4;
import skiff.api.time.Clock;
import skiff.apiserver.service.ServiceNetwork;
import skiff.dns.ClusterDnsOptions;
import skiff.dns.ServiceRange;
import skiff.e2e.Kubectl;
import skiff.image.OciImageStore;
import skiff.image.registry.RegistryClient;
import skiff.image.registry.RegistryConfig;
import skiff.image.testing.TestImages;
import skiff.kubelet.Kubelet;
import skiff.kubelet.KubeletConfig;
import skiff.kubelet.config.NodeSettings;
import skiff.kubelet.network.CniConfig;
import skiff.kubelet.network.CniPodNetwork;
import skiff.kubelet.proxy.HostCommand;
import skiff.kubelet.proxy.ProxyConfig;
import skiff.kubelet.proxy.ProxyMode;
import skiff.kubelet.proxy.ServiceProxy;
import skiff.kubelet.runtime.runc.CgroupTree;
import skiff.kubelet.runtime.runc.RuncRuntime;
import skiff.kubelet.runtime.runc.RuntimeProbe;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;

/**
 * Services end to end with real pods (runc, busybox): one server with its controllers and cluster DNS, one kubelet
 * whose node address is this machine's primary IPv4 address, and the service proxy programming an nftables table of
 * the run's own. Pods reach a two-replica backend by ClusterIP, by its full DNS name and by its short name, reach
 * themselves through their Service (hairpin), stick to one backend with ClientIP affinity, and reach the API server
 * as {@code kubernetes.default.svc}; a backend whose readiness probe fails gets no new connection; a rolling update
 * with a preStop delay loses no request; StatefulSet pods resolve each other by their stable names; the node reaches
 * the backends by ClusterIP, NodePort and LoadBalancer ingress. The run uses its own bridge, pod CIDR, service
 * CIDR, nftables table, network namespace prefix, cgroup root and runc state directory. Traffic from the test goes
 * only to ClusterIPs once {@code ip route get} says they are local, and to the node address once it says that is
 * local; pods' traffic stays on the run's bridge and this machine.
 */
class ServiceTrafficTest {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private static final String NODE = "svc-node";
    private static final String NS = "svc-" + RUN;
    private static final String TABLE = "skiff-e2e-" + RUN;
    private static final String IMAGE = "docker.io/library/busybox:svc-test";
    /** Enough requests that reaching only one of two backends by chance is a one in 500,000 event. */
    private static final int REQUESTS = 20;
    // A /16 of 10.64.0.0/11 and a /24 of 10.200.0.0/13 picked per run: no other server's routes or pods.
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SERVICE_CIDR = "10." + (64 + RANDOM.nextInt(32)) + ".0.0/16";
    private static final int POD_NET = RANDOM.nextInt(8 * 256);
    private static final String POD_CIDR = "10." + (200 + POD_NET / 256) + "." + (POD_NET % 256) + ".0/24";
    private static final String CLUSTER_DNS = ServiceRange.tenthAddress(SERVICE_CIDR);
    @TempDir
    static Path dir;
    private static SkiffServer server;
    private static KubernetesClient admin;
    private static KubernetesClient components;
    private static Kubelet kubelet;
    private static ServiceProxy proxy;
    private static Kubectl kubectl;
    private static String nodeIp;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        RuntimeProbe.Decision decision = RuntimeProbe.system(CniConfig.DEFAULT_BIN_DIRS).decide();
        Assumptions.assumeTrue(decision.useRunc(), decision::explanation);
        try {
            HostCommand.here().run(null, "nft", "list", "tables");
        } catch (HostCommand.CommandException e) {
            Assumptions.abort("needs nftables: " + e.getMessage());
        }
        PrimaryIpv4 primary = PrimaryIpv4.ofThisMachine();
        // Pods reach cluster DNS and the API server on this address, so it must be one they can route to.
        Assumptions.assumeTrue(primary.source() != PrimaryIpv4.Source.LOOPBACK, "no global IPv4 address");
        nodeIp = primary.hostAddress();
        server = SkiffServer.startTemporary(StoreKind.MEMORY, o -> o.withKubelet(KubeletOptions.disabled())
                .withServiceNetwork(ServiceNetwork.of(SERVICE_CIDR, "30000-32767"))
                .withDns(ClusterDnsOptions.defaults().withClusterDnsIp(CLUSTER_DNS).withListen(nodeIp, 0)
                        .withUpstreams(List.of())));
        admin = server.newClient();
        Config clientConfig = server.clientConfig();
        OciImageStore images = OciImageStore.open(dir.resolve("images"));
        TestImages.busybox().build().putInto(images, IMAGE);
        Path root = dir.resolve("kubelet");
        CniPodNetwork network = new CniPodNetwork(CniConfig.defaults(root).withBridge("sks" + RUN, false)
                .withNetnsPrefix("sks" + RUN + "-"), () -> POD_CIDR);
        RuncRuntime runtime = new RuncRuntime(new RuncRuntime.Options(root.resolve("runc"), decision.runc(),
                decision.conmon(), network, images, nodeIp, Clock.system(), new SecureRandom()));
        String ca = new String(Base64.getDecoder().decode(clientConfig.getCaCertData()), StandardCharsets.UTF_8);
        KubeletConfig config = KubeletConfig.defaults(NODE, root, Clock.system(), runtime, ca).withServerPort(0)
                .withNodeIp(nodeIp)
                .withNodeSettings(NodeSettings.defaults().withKubeletRoot(root).withCgroupRoot("skiff-test-" + RUN)
                        .withClusterDns(List.of(CLUSTER_DNS), "cluster.local"))
                .withImages(new KubeletConfig.Images(images, new RegistryClient(images, RegistryConfig.empty(),
                        images.platform(), RegistryClient.Timeouts.defaults())));
        components = new KubernetesClientBuilder().withConfig(new ConfigBuilder(clientConfig)
                .withOnlyHttpWatches(true).withRequestTimeout(30_000).build()).build();
        kubelet = Kubelet.start(config, components);
        assertThat(kubelet.awaitConnected(DEADLINE)).isTrue();
        proxy = ServiceProxy.start(ProxyConfig.defaults(NODE, ProxyMode.NFTABLES, POD_CIDR, SERVICE_CIDR)
                .withTable(TABLE), components);
        kubectl = new Kubectl(server.kubeconfig(), Files.createDirectories(dir.resolve("kubectl")));
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();

        // The shared backend: two replicas answering with their names, and a client pod.
        createBackend("web", 2);
        admin.services().inNamespace(NS).resource(service("web", "ClusterIP", 80).build()).create();
        admin.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("client").endMetadata()
                .withSpec(podSpec("exec sleep 3600").build()).build()).create();
        awaitReadyEndpoints("web", 2);
        await().atMost(DEADLINE).until(() -> ready(admin.pods().inNamespace(NS).withName("client").get()));
    }

    @AfterAll
    static void stop() {
        if (server == null) {
            return;
        }
        try {
            admin.apps().deployments().inNamespace(NS).delete();
            admin.apps().statefulSets().inNamespace(NS).delete();
            admin.apps().replicaSets().inNamespace(NS).delete();
            await().atMost(DEADLINE).until(() -> {
                admin.pods().inNamespace(NS).list().getItems().forEach(p -> admin.pods().inNamespace(NS).resource(p)
                        .withGracePeriod(0).delete());
                return kubelet.runtime().sandboxes().isEmpty();
            });
        } finally {
            try {
                kubelet.close();
                if (proxy != null) {
                    proxy.close();
                    // On stop the proxy leaves neither its table nor the service CIDR's route behind.
                    assertThat(HostCommand.here().run(null, "nft", "list", "tables")).doesNotContain(TABLE);
                    assertThat(HostCommand.here().run(null, "ip", "route", "show", "table", "local"))
                            .doesNotContain(SERVICE_CIDR);
                }
            } finally {
                components.close();
                admin.close();
                server.close();
                CgroupTree.system().removeTree("/skiff-test-" + RUN);
                try {
                    HostCommand.here().run(null, "ip", "link", "del", "sks" + RUN);
                } catch (HostCommand.CommandException e) {
                    // no pod ever made the bridge
                }
            }
        }
    }

    /**
     * A busybox web server on port 8080 answering {@code /} with {@code NAME VERSION} and {@code /ready} while
     * {@code /www/ready} exists, which its readiness probe asks for.
     */
    private static PodSpecBuilder backendSpec() {
        return podSpec("mkdir -p /www; echo \"$(hostname) v${VERSION:-1}\" > /www/index.html; touch /www/ready;"
                + " exec httpd -f -p 8080 -h /www")
                .editFirstContainer().addNewPort().withName("http").withContainerPort(8080).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withPort(new IntOrString("http"))
                .endHttpGet().withPeriodSeconds(1).withFailureThreshold(1).endReadinessProbe().endContainer();
    }

    private static PodSpecBuilder podSpec(String script) {
        return new PodSpecBuilder().withTerminationGracePeriodSeconds(2L).addNewContainer().withName("app")
                .withImage(IMAGE).withCommand("sh", "-c", script).endContainer();
    }

    private static void createBackend(String name, int replicas) {
        createBackend(name, replicas, backendSpec().build());
    }

    private static void createBackend(String name, int replicas, PodSpec spec) {
        admin.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata()
                .withName(name).endMetadata().withNewSpec().withReplicas(replicas).withNewSelector()
                .addToMatchLabels("app", name).endSelector().withNewStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0))
                .endRollingUpdate().endStrategy().withNewTemplate().withNewMetadata().addToLabels("app", name)
                .endMetadata().withSpec(spec).endTemplate().endSpec().build()).create();
    }

    private static ServiceBuilder service(String name, String type, int port) {
        return new ServiceBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withType(type)
                .addToSelector("app", name).addNewPort().withName("http").withProtocol("TCP").withPort(port)
                .withTargetPort(new IntOrString("http")).endPort().endSpec();
    }

    private static boolean ready(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static List<Endpoint> endpoints(String service) {
        return admin.discovery().v1().endpointSlices().inNamespace(NS)
                .withLabel("kubernetes.io/service-name", service).list().getItems().stream()
                .flatMap(s -> s.getEndpoints() == null ? java.util.stream.Stream.empty() : s.getEndpoints().stream())
                .toList();
    }

    private static void awaitReadyEndpoints(String service, int count) {
        await().atMost(DEADLINE).until(() -> endpoints(service).stream()
                .filter(e -> Boolean.TRUE.equals(e.getConditions().getReady())).count() == count);
    }

    private static List<String> podNames(String app) {
        return admin.pods().inNamespace(NS).withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).map(p -> p.getMetadata().getName())
                .sorted().toList();
    }

    private static String clusterIp(String service) {
        return admin.services().inNamespace(NS).withName(service).get().getSpec().getClusterIP();
    }

    private static List<String> exec(String pod, String script) {
        return kubectl.succeed("exec", "-n", NS, pod, "--", "sh", "-c", script).lines();
    }

    /** What {@code REQUESTS} requests from {@code pod} to {@code url} got, one line each (FAIL for a failure). */
    private static List<String> requests(String pod, String url) {
        // busybox 1.35's wget -T crashes (SIGSEGV): the timeout applet bounds each request instead.
        return exec(pod, "for i in $(seq " + REQUESTS + "); do timeout 5 wget -q -O - " + url
                + " 2>&1 || echo FAIL; done");
    }

    private static Set<String> names(List<String> answers) {
        Set<String> out = new TreeSet<>();
        answers.forEach(a -> out.add(a.split(" ")[0]));
        return out;
    }

    @Test
    void aClientPodReachesBothReplicasByClusterIpAndByDnsNameAndABackendReachesItself() {
        List<String> backends = podNames("web");
        assertThat(backends).hasSize(2);

        assertThat(names(requests("client", "http://" + clusterIp("web") + "/"))).isEqualTo(Set.copyOf(backends));
        assertThat(names(requests("client", "http://web." + NS + ".svc.cluster.local/")))
                .isEqualTo(Set.copyOf(backends));
        // The short name through the pod's search path (NS.svc.cluster.local first).
        assertThat(names(requests("client", "http://web/"))).isEqualTo(Set.copyOf(backends));
        assertThat(exec("client", "nslookup web." + NS + ".svc.cluster.local")).anyMatch(l -> l.contains(clusterIp(
                "web")));
        // Hairpin: a backend's own requests through its Service reach every backend, itself included.
        assertThat(names(requests(backends.getFirst(), "http://web/"))).isEqualTo(Set.copyOf(backends));
    }

    @Test
    void clientIpAffinityKeepsAClientOnOneBackend() {
        admin.services().inNamespace(NS).resource(new ServiceBuilder(service("sticky", "ClusterIP", 80).build())
                .editSpec().withSelector(Map.of("app", "web")).withSessionAffinity("ClientIP").endSpec().build())
                .create();
        awaitReadyEndpoints("sticky", 2);

        List<String> answers = requests("client", "http://sticky/");

        assertThat(answers).doesNotContain("FAIL").hasSize(REQUESTS);
        assertThat(names(answers)).hasSize(1).isSubsetOf(podNames("web"));
    }

    @Test
    void aPodReachesTheApiServerAsKubernetesDefaultSvc() {
        String kubernetes = admin.services().inNamespace("default").withName("kubernetes").get().getSpec()
                .getClusterIP();

        assertThat(exec("client", "nslookup kubernetes.default.svc.cluster.local"))
                .anyMatch(l -> l.contains(kubernetes));
        // A TCP connection through the kubernetes Service, whose only endpoint is the API server (an address of the
        // service range without one is refused). Not an HTTPS request: busybox's own TLS sends no
        // signature_algorithms, so the JDK's TLS 1.2 server, having only SHA-1 left for its EC key and SHA-1
        // disabled, ends the handshake with internal_error.
        String request = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | timeout 5 nc ";
        assertThat(exec("client", request + "kubernetes.default.svc 443 > /dev/null && echo connected"))
                .containsExactly("connected");
        String unallocated = SERVICE_CIDR.replace(".0.0/16", ".0.9");
        assertThat(exec("client", request + unallocated + " 443 > /dev/null 2>&1 || echo refused"))
                .containsExactly("refused");
    }

    @Test
    void aBackendFailingItsReadinessProbeGetsNoNewConnection() {
        createBackend("flaky", 2);
        admin.services().inNamespace(NS).resource(service("flaky", "ClusterIP", 80).build()).create();
        awaitReadyEndpoints("flaky", 2);
        List<String> backends = podNames("flaky");
        assertThat(names(requests("client", "http://flaky/"))).isEqualTo(Set.copyOf(backends));

        exec(backends.getFirst(), "rm /www/ready");
        await().atMost(DEADLINE).until(() -> endpoints("flaky").stream().anyMatch(
                e -> Boolean.FALSE.equals(e.getConditions().getReady())
                        && backends.getFirst().equals(e.getTargetRef().getName())));

        // Once the proxy has the change (within a second), every new connection goes to the ready one.
        await().atMost(Duration.ofSeconds(30)).until(() -> requests("client", "http://flaky/").stream()
                .allMatch(a -> a.startsWith(backends.getLast() + " ")));
        assertThat(requests("client", "http://flaky/")).allMatch(a -> a.startsWith(backends.getLast() + " "));
    }

    @Test
    void aRollingUpdateWithAPreStopDelayLosesNoRequest() {
        PodSpec spec = backendSpec().withTerminationGracePeriodSeconds(20L).editFirstContainer().withNewLifecycle()
                .withNewPreStop().withNewExec().withCommand("sleep", "5").endExec().endPreStop().endLifecycle()
                .endContainer().build();
        createBackend("roll", 2, spec);
        admin.services().inNamespace(NS).resource(service("roll", "ClusterIP", 80).build()).create();
        awaitReadyEndpoints("roll", 2);
        List<String> before = podNames("roll");
        String url = "http://" + clusterIp("roll") + "/";
        admin.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("looper").endMetadata()
                .withSpec(podSpec("until timeout 2 wget -q -O - " + url + " > /dev/null; do usleep 200000; done;"
                        + " echo START; while true; do timeout 2 wget -q -O - " + url + " 2>&1 || echo FAIL;"
                        + " usleep 100000; done").build()).build()).create();
        await().atMost(DEADLINE).until(() -> kubectl.run("logs", "-n", NS, "looper").stdout().contains("v1"));

        kubectl.succeed("set", "env", "-n", NS, "deployment/roll", "VERSION=2");
        kubectl.succeed("rollout", "status", "-n", NS, "deployment/roll", "--timeout=180s");
        // Every old pod gone (after its preStop delay), and the client still asking the new ones.
        await().atMost(DEADLINE).until(() -> admin.pods().inNamespace(NS).withLabel("app", "roll").list()
                .getItems().stream().noneMatch(p -> before.contains(p.getMetadata().getName())));
        int linesNow = kubectl.succeed("logs", "-n", NS, "looper").lines().size();
        await().atMost(DEADLINE).until(() -> kubectl.succeed("logs", "-n", NS, "looper").lines().size()
                > linesNow + 10);

        List<String> log = kubectl.succeed("logs", "-n", NS, "looper").lines();
        List<String> served = log.subList(log.indexOf("START") + 1, log.size());
        assertThat(served).doesNotContain("FAIL");
        assertThat(served).anyMatch(l -> l.endsWith(" v1")).anyMatch(l -> l.endsWith(" v2"));
        assertThat(names(served.subList(served.size() - 10, served.size()))).isSubsetOf(podNames("roll"));
    }

    @Test
    void statefulSetPodsResolveEachPeerByItsStableName() {
        admin.services().inNamespace(NS).resource(new ServiceBuilder(service("db", "ClusterIP", 8080).build())
                .editSpec().withClusterIP("None").endSpec().build()).create();
        admin.apps().statefulSets().inNamespace(NS).resource(new StatefulSetBuilder().withNewMetadata()
                .withName("db").endMetadata().withNewSpec().withServiceName("db").withReplicas(2)
                .withNewSelector().addToMatchLabels("app", "db").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "db").endMetadata().withSpec(backendSpec().build()).endTemplate().endSpec()
                .build()).create();
        awaitReadyEndpoints("db", 2);

        for (String[] pair : List.of(new String[] {"db-0", "db-1"}, new String[] {"db-1", "db-0"})) {
            String peer = pair[1];
            String peerIp = admin.pods().inNamespace(NS).withName(peer).get().getStatus().getPodIP();
            assertThat(exec(pair[0], "timeout 5 wget -q -O - http://" + peer + ".db." + NS
                    + ".svc.cluster.local:8080/")).containsExactly(peer + " v1");
            assertThat(exec(pair[0], "nslookup " + peer + ".db." + NS + ".svc.cluster.local"))
                    .anyMatch(l -> l.contains(peerIp));
            // And by HOSTNAME.SUBDOMAIN through the search path.
            assertThat(exec(pair[0], "timeout 5 wget -q -O - http://" + peer + ".db:8080/"))
                    .containsExactly(peer + " v1");
        }
    }

    @Test
    void theNodeReachesTheBackendsByClusterIpNodePortAndLoadBalancer() throws IOException {
        int port = 18000 + RANDOM.nextInt(1000);
        admin.services().inNamespace(NS).resource(service("web", "LoadBalancer", port).editMetadata()
                .withName("web-lb").endMetadata().build()).create();
        awaitReadyEndpoints("web-lb", 2);
        Service lb = await().atMost(DEADLINE).until(() -> admin.services().inNamespace(NS).withName("web-lb").get(),
                s -> s.getStatus().getLoadBalancer() != null && s.getStatus().getLoadBalancer().getIngress() != null
                        && !s.getStatus().getLoadBalancer().getIngress().isEmpty());
        String clusterIp = lb.getSpec().getClusterIP();
        int nodePort = lb.getSpec().getPorts().getFirst().getNodePort();
        String ingress = lb.getStatus().getLoadBalancer().getIngress().getFirst().getIp();
        Set<String> backends = Set.copyOf(podNames("web"));
        assertThat(ingress).isEqualTo(nodeIp);
        // Only to addresses this machine's routing table calls local.
        assertThat(routeTo(clusterIp)).startsWith("local " + clusterIp + " dev lo");
        assertThat(routeTo(nodeIp)).startsWith("local " + nodeIp + " ");

        // The proxy writes its rules shortly after the endpoints are ready: until then the local route refuses.
        for (InetSocketAddress target : List.of(new InetSocketAddress(clusterIp, port),
                new InetSocketAddress(nodeIp, nodePort), new InetSocketAddress(ingress, port))) {
            await().atMost(DEADLINE).ignoreExceptions().untilAsserted(() ->
                    assertThat(names(httpGets(target.getHostString(), target.getPort()))).isEqualTo(backends));
        }
    }

    private static String routeTo(String ip) {
        return HostCommand.here().run(null, "ip", "route", "get", ip);
    }

    /** The bodies of {@code REQUESTS} HTTP/1.0 GETs, each on a new connection. */
    private static List<String> httpGets(String ip, int port) throws IOException {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(ip, port), 5_000);
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                bodies.add(response.substring(response.indexOf("\r\n\r\n") + 4).strip());
            }
        }
        return bodies;
    }
}
