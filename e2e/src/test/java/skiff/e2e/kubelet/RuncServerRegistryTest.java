package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import skiff.e2e.SkiffHostDefaults;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.net.PrimaryIpv4;
import skiff.e2e.Kubectl;
import skiff.e2e.SkiffProcess;
import skiff.image.Platform;
import skiff.image.registry.DockerRegistry;
import skiff.image.registry.TestImageBuilder;
import skiff.kubelet.network.CniConfig;
import skiff.kubelet.runtime.runc.CgroupTree;
import skiff.kubelet.runtime.runc.RuntimeProbe;

/**
 * {@code skiff server --runtime runc} with {@code --registry-config} and {@code --registry-ca}: a pod's image, named
 * after a registry on a closed loopback port, is pulled through the mirror the registries.yaml names, a
 * docker-registry on loopback speaking TLS with a certificate of the CA given. The server's pods use a CNI
 * configuration of the test's own (its bridge and a /24 on it); no traffic leaves the machine. Without --node-ip the
 * node is this machine's primary address, where the API server reaches the kubelet for logs and exec.
 */
@ResourceLock(SkiffHostDefaults.LOCK)
class RuncServerRegistryTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private static final String BRIDGE = "skr" + RUN;
    @RegisterExtension
    static final DockerRegistry REGISTRY = DockerRegistry.withTls();
    @TempDir
    static Path dir;
    private static SkiffProcess server;
    private static KubernetesClient client;
    private static Kubectl kubectl;
    private static boolean cgroupRootExisted;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        RuntimeProbe.Decision decision = RuntimeProbe.system(CniConfig.DEFAULT_BIN_DIRS).decide();
        Assumptions.assumeTrue(decision.useRunc(), decision::explanation);
        cgroupRootExisted = cgroupRootExists();
        TestImageBuilder.Image image = TestImageBuilder.busybox(Platform.host().architecture(), 0, 0, 17);
        TestImageBuilder.writeLayout(dir.resolve("layout"), "t", image.manifest(), image.blobs());
        REGISTRY.push(dir.resolve("layout"), "t", "team/app-" + RUN + ":v1", false);
        Path registries = Files.writeString(dir.resolve("registries.yaml"), "mirrors:\n  \"127.0.0.1:1\":\n"
                + "    endpoint: [\"https://" + REGISTRY.host() + "\"]\n");
        int third = new SecureRandom().nextInt(8 * 256);
        String cidr = "10." + (200 + third / 256) + "." + (third % 256) + ".0/24";
        Path cni = Files.createDirectories(dir.resolve("net.d"));
        Files.writeString(cni.resolve("10-test.conflist"), """
                {"cniVersion": "1.0.0", "name": "registry-test", "plugins": [{"type": "bridge", "bridge": "%s",
                  "isGateway": true, "ipMasq": false, "ipam": {"type": "host-local", "ranges": [[{"subnet": "%s"}]],
                  "dataDir": "%s"}}]}
                """.formatted(BRIDGE, cidr, dir.resolve("ipam")));
        server = SkiffProcess.start(dir.resolve("data"), List.of("--runtime", "runc", "--node-name",
                "registry-node-" + RUN, "--cni-conf-dir", cni.toString(), "--registry-config", registries.toString(),
                "--registry-ca", REGISTRY.caFile().toString()));
        client = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
        kubectl = server.kubectl(Files.createDirectories(dir.resolve("kubectl")));
    }

    @AfterAll
    static void stop() throws IOException, InterruptedException {
        if (server == null) {
            return;
        }
        kubectl.run("delete", "pod", "--all", "--grace-period=0", "--force");
        Path pods = server.dataDir().resolve("kubelet/runc/pods");
        await().atMost(DEADLINE).until(() -> !Files.isDirectory(pods) || isEmpty(pods));
        client.close();
        server.close();
        new ProcessBuilder("ip", "link", "del", BRIDGE).inheritIO().start().waitFor();
        if (!cgroupRootExisted) {
            // The QoS groups the server's kubelet made under its default cgroup root; only empty groups go.
            CgroupTree.system().removeTree("/skiff");
        }
    }

    /** Whether a hierarchy (v2, or any v1 controller's) has Skiff's default cgroup root. */
    private static boolean cgroupRootExists() throws IOException {
        Path cgroups = Path.of("/sys/fs/cgroup");
        try (Stream<Path> hierarchies = Files.list(cgroups)) {
            return Files.isDirectory(cgroups.resolve("skiff"))
                    || hierarchies.anyMatch(h -> Files.isDirectory(h.resolve("skiff")));
        }
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    @Test
    void aPodsImageIsPulledThroughTheMirrorAndCaTheServerWasGiven() {
        String ref = "127.0.0.1:1/team/app-" + RUN + ":v1";
        kubectl.succeed("apply", "-f", kubectl.file("mirrored.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: mirrored
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: app
                    image: %s
                    command: ["/bin/busybox", "sleep", "3600"]
                """.formatted(ref)));

        await().atMost(DEADLINE).until(() -> kubectl.run("get", "pod", "mirrored", "-o",
                "jsonpath={.status.phase}").stdout(), "Running"::equals);
        assertThat(kubectl.succeed("describe", "pod", "mirrored").stdout())
                .contains("Successfully pulled image \"" + ref + "\"");
        assertThat(kubectl.succeed("get", "pod", "mirrored", "-o", "jsonpath={.status.containerStatuses[0].image}")
                .stdout()).isEqualTo(ref);
    }

    @Test
    void theNodeIsThePrimaryAddressWhereTheApiServerReachesItsKubelet() {
        PrimaryIpv4 primary = PrimaryIpv4.ofThisMachine();
        Assumptions.assumeTrue(primary.source() != PrimaryIpv4.Source.LOOPBACK, "no global IPv4 address");
        String node = "registry-node-" + RUN;
        String row = kubectl.succeed("get", "nodes", "-o", "wide").stdout().lines()
                .filter(line -> line.startsWith(node + " ")).findFirst().orElseThrow();
        assertThat(row.split("\\s+")).contains(primary.hostAddress()).doesNotContain("127.0.0.1");

        kubectl.succeed("apply", "-f", kubectl.file("reached.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: reached
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: app
                    image: 127.0.0.1:1/team/app-%s:v1
                    command: ["/bin/busybox", "sh", "-c", "echo started; exec /bin/busybox sleep 3600"]
                """.formatted(RUN)));
        await().atMost(DEADLINE).until(() -> kubectl.run("get", "pod", "reached", "-o",
                "jsonpath={.status.phase}").stdout(), "Running"::equals);
        // Logs and exec go from the API server to the kubelet at the Node's InternalIP.
        assertThat(kubectl.succeed("logs", "reached").stdout()).isEqualTo("started\n");
        assertThat(kubectl.succeed("exec", "reached", "--", "/bin/busybox", "echo", "inside").stdout())
                .isEqualTo("inside\n");

        // The service load balancer publishes the node's address as a LoadBalancer Service's ingress.
        kubectl.succeed("apply", "-f", kubectl.file("lb.yaml", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: lb
                spec:
                  type: LoadBalancer
                  selector:
                    app: none
                  ports:
                  - port: 18080
                """));
        await().atMost(DEADLINE).until(() -> kubectl.run("get", "service", "lb", "-o",
                "jsonpath={.status.loadBalancer.ingress[*].ip}").stdout(), primary.hostAddress()::equals);
    }
}
