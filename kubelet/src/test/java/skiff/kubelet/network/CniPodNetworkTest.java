package skiff.kubelet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CNI pod network with the real plugins (/usr/lib/cni), on a bridge and a /24 this test run picks at random;
 * traffic goes only to pod IPs on that bridge, after checking the route.
 */
class CniPodNetworkTest {
    private static final Path PLUGINS = Path.of("/usr/lib/cni");

    @TempDir
    Path dir;

    private CniConfig config;
    private String subnet;
    private String prefix;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void pickUniqueNetwork() {
        assumeTrue(HostCommands.isRoot(), "needs root for network namespaces");
        assumeTrue(Files.isExecutable(PLUGINS.resolve("bridge")), "needs the CNI plugins in " + PLUGINS);
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String routes = HostCommands.run("ip", "-4", "route", "show", "table", "all").text();
        do {
            subnet = "10." + ThreadLocalRandom.current().nextInt(200, 250) + "."
                    + ThreadLocalRandom.current().nextInt(0, 256) + ".0/24";
        } while (routes.contains(subnet.substring(0, subnet.lastIndexOf('.'))));
        prefix = "skt" + suffix + "-";
        config = CniConfig.defaults(dir).withBinDirs(List.of(PLUGINS)).withBridge("skt" + suffix, false)
                .withNetnsPrefix(prefix);
    }

    @AfterEach
    void removeWhatThisTestMade() {
        processes.forEach(Process::destroyForcibly);
        if (config == null) {
            return;
        }
        CniPodNetwork network = network();
        for (String uid : network.attached()) {
            network.tearDown(uid);
        }
        if (HostCommands.run("ip", "link", "show", config.bridge()).exit() == 0) {
            HostCommands.run("ip", "link", "delete", config.bridge());
        }
    }

    private CniPodNetwork network() {
        return new CniPodNetwork(config, () -> subnet);
    }

    @Test
    void twoPodsGetDifferentAddressesOfTheNodeRangeAndReachEachOther() {
        CniPodNetwork network = network();
        PodNetworkStatus a = network.setUp(uid(), "default", "a");
        PodNetworkStatus b = network.setUp(uid(), "default", "b");

        String net = subnet.substring(0, subnet.lastIndexOf('.') + 1);
        assertThat(a.ip()).startsWith(net).isNotEqualTo(b.ip());
        assertThat(b.ip()).startsWith(net);
        assertThat(a.netns()).exists().isNotEqualTo(b.netns());

        String bNetns = b.netns().getFileName().toString();
        assertThat(HostCommands.run("ip", "netns", "exec", bNetns, "ip", "route", "get", a.ip()).text())
                .contains("dev eth0");
        HostCommands.Output ping = HostCommands.run("ip", "netns", "exec", bNetns,
                "busybox", "ping", "-c", "1", "-W", "5", a.ip());
        assertThat(ping.exit()).as(ping.text()).isZero();
        assertThat(HostCommands.run("ip", "netns", "exec", bNetns, "ip", "addr", "show", "lo").text())
                .contains("127.0.0.1").contains("UP");
    }

    @Test
    void theHostReachesAPodOnTheBridge() throws Exception {
        PodNetworkStatus pod = network().setUp(uid(), "default", "server");
        assertThat(HostCommands.run("ip", "route", "get", pod.ip()).text()).contains("dev " + config.bridge());
        Path received = dir.resolve("received");
        Process nc = new ProcessBuilder("ip", "netns", "exec", pod.netns().getFileName().toString(),
                "busybox", "nc", "-l", "-p", "8080").redirectOutput(received.toFile()).start();
        processes.add(nc);

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(pod.ip(), 8080), 1000);
                OutputStream out = socket.getOutputStream();
                out.write("hello pod\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        });
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(Files.readString(received)).isEqualTo("hello pod\n"));
    }

    @Test
    void tearDownFreesTheAddressAndDeletesTheNamespace() throws IOException {
        CniPodNetwork network = network();
        String uid = uid();
        PodNetworkStatus pod = network.setUp(uid, "default", "gone");
        assertThat(reservedAddresses()).contains(pod.ip());
        assertThat(network.attached()).containsExactly(uid);

        network.tearDown(uid);

        assertThat(pod.netns()).doesNotExist();
        assertThat(reservedAddresses()).doesNotContain(pod.ip());
        assertThat(network.attached()).isEmpty();
        network.tearDown(uid);
        assertThat(network.attached()).isEmpty();
    }

    @Test
    void aRestartedNetworkKeepsAndDetachesThePodsOfTheOneBefore() throws IOException {
        String uid = uid();
        PodNetworkStatus first = network().setUp(uid, "default", "kept");

        CniPodNetwork restarted = network();
        assertThat(restarted.attached()).containsExactly(uid);
        PodNetworkStatus again = restarted.setUp(uid, "default", "kept");
        assertThat(again).isEqualTo(first);

        restarted.tearDown(uid);
        assertThat(first.netns()).doesNotExist();
        assertThat(reservedAddresses()).doesNotContain(first.ip());
    }

    @Test
    void aPluginErrorIsReportedWithItsMessageAndLeavesNothingBehind() {
        CniPodNetwork network = new CniPodNetwork(config, () -> "10.999.0.0/24");
        String uid = uid();

        assertThatThrownBy(() -> network.setUp(uid, "default", "bad"))
                .isInstanceOf(CniException.class)
                .hasMessageStartingWith("failed to set up network for pod \"default/bad\": plugin type=\"bridge\""
                        + " name=\"skiff\" failed (add): ")
                .hasMessageContaining("10.999.0.0/24");
        assertThat(network.attached()).isEmpty();
        assertThat(NetworkNamespaces.path(network.netnsName(uid))).doesNotExist();
    }

    @Test
    void aMissingPluginIsNamed() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("no-plugins"));
        CniPodNetwork network = new CniPodNetwork(config.withBinDirs(List.of(empty)), () -> subnet);

        assertThatThrownBy(() -> network.setUp(uid(), "default", "p"))
                .hasMessageContaining("failed to find plugin \"loopback\" in path [" + empty + "]");
        assertThat(network.attached()).isEmpty();
    }

    private List<String> reservedAddresses() throws IOException {
        Path ipam = config.ipamDir().resolve(CniConflist.NETWORK);
        try (Stream<Path> files = Files.list(ipam)) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }

    private static String uid() {
        return UUID.randomUUID().toString();
    }
}
