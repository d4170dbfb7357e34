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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.json.Json;

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
    private String outsideNamespace;

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
        if (outsideNamespace != null) {
            HostCommands.run("ip", "netns", "delete", outsideNamespace);
        }
        CniPodNetwork.removeMasquerade(config.bridge());
    }

    private CniPodNetwork network() {
        return new CniPodNetwork(config, () -> subnet);
    }

    @Test
    void aLeftoverBridgeCarryingAnEarlierCidrsGatewayIsRefittedToTheNodesCidr() {
        String earlier = otherGateway();
        run("ip", "link", "add", config.bridge(), "type", "bridge");
        run("ip", "addr", "add", earlier, "dev", config.bridge());

        PodNetworkStatus pod = network().setUp(uid(), "default", "after-leftover");

        assertThat(pod.ip()).startsWith(subnet.substring(0, subnet.lastIndexOf('.') + 1));
        assertThat(HostCommands.run("ip", "-4", "addr", "show", "dev", config.bridge()).text())
                .doesNotContain(earlier).contains(PodBridge.gateway(subnet));
    }

    @Test
    void aBridgeOfAnotherLiveNetworkIsRefusedWithTheBridgeAndTheWayOutNamed() {
        String other = otherGateway();
        String port = config.bridge() + "p";
        run("ip", "link", "add", config.bridge(), "type", "bridge");
        run("ip", "addr", "add", other, "dev", config.bridge());
        run("ip", "link", "add", port, "type", "veth", "peer", "name", config.bridge() + "q");
        try {
            run("ip", "link", "set", port, "master", config.bridge());

            assertThatThrownBy(() -> network().setUp(uid(), "default", "refused"))
                    .isInstanceOf(CniException.class)
                    .hasMessage("failed to set up network for pod \"default/refused\": bridge \"" + config.bridge()
                            + "\" carries " + other + ", not " + PodBridge.gateway(subnet)
                            + " (the gateway of this node's pod CIDR " + subnet + "), and 1 interface(s) of another"
                            + " pod network are attached to it; delete it (ip link delete " + config.bridge()
                            + ") or give this node a bridge of its own (--cni-bridge NAME)");
            assertThat(HostCommands.run("ip", "-4", "addr", "show", "dev", config.bridge()).text()).contains(other);
            assertThat(network().attached()).isEmpty();
        } finally {
            HostCommands.run("ip", "link", "delete", port);
        }
    }

    /** The gateway address of a /24 other than the test's, routed nowhere on this host. */
    private String otherGateway() {
        String routes = HostCommands.run("ip", "-4", "route", "show", "table", "all").text();
        String net;
        do {
            net = "10." + ThreadLocalRandom.current().nextInt(200, 250) + "."
                    + ThreadLocalRandom.current().nextInt(0, 256) + ".";
        } while (routes.contains(net) || subnet.startsWith(net));
        return net + "1/24";
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
    void checkFindsAPodWhoseInterfaceIsGoneAndSetUpMakesItAgain() {
        CniPodNetwork network = network();
        String uid = uid();
        PodNetworkStatus pod = network.setUp(uid, "default", "checked");
        network.check(uid);

        String netns = pod.netns().getFileName().toString();
        assertThat(HostCommands.run("ip", "netns", "exec", netns, "ip", "link", "delete", "eth0").exit()).isZero();

        assertThatThrownBy(() -> network.check(uid)).isInstanceOf(CniException.class)
                .hasMessageContaining("plugin type=\"bridge\" name=\"skiff\" failed (check)");
        PodNetworkStatus again = network.setUp(uid, "default", "checked");
        network.check(uid);
        assertThat(HostCommands.run("ip", "netns", "exec", netns, "ip", "addr", "show", "eth0").text())
                .contains(again.ip() + "/");
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
                .hasMessageContaining("failed to find plugin \"bridge\" in path [" + empty + "]");
        assertThat(network.attached()).isEmpty();
    }

    @Test
    void podsSetUpAtOnceGetDistinctAddresses() throws Exception {
        CniPodNetwork network = network();
        List<Future<PodNetworkStatus>> started = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                String name = "p" + i;
                started.add(pool.submit(() -> network.setUp(uid(), "default", name)));
            }
        }
        List<String> ips = new ArrayList<>();
        for (Future<PodNetworkStatus> status : started) {
            ips.add(status.get().ip());
        }
        assertThat(ips).doesNotHaveDuplicates().hasSize(4);
        assertThat(network.attached()).hasSize(4);
    }

    @Test
    void theUsersConfigurationDirectoryIsUsedAsItIs() throws IOException {
        Path userConf = Files.createDirectory(dir.resolve("user-net.d"));
        Files.writeString(userConf.resolve("20-user.conf"), """
                {"cniVersion": "1.0.0", "name": "usernet", "type": "bridge", "bridge": "%s",
                 "isGateway": true, "ipam": {"type": "host-local", "ranges": [[{"subnet": "%s"}]],
                 "dataDir": "%s"}}
                """.formatted(config.bridge(), subnet, config.ipamDir()));
        CniPodNetwork network = new CniPodNetwork(config.withConfDir(userConf), () -> {
            throw new AssertionError("a user's configuration needs no pod CIDR");
        });

        PodNetworkStatus pod = network.setUp(uid(), "default", "user");

        assertThat(pod.ip()).startsWith(subnet.substring(0, subnet.lastIndexOf('.') + 1));
        assertThat(userConf.resolve(CniConflist.FILE)).doesNotExist();
        assertThat(config.ipamDir().resolve("usernet").resolve(pod.ip())).exists();
    }

    @Test
    void anEmptyUserConfigurationDirectoryIsAClearError() throws IOException {
        Path userConf = Files.createDirectory(dir.resolve("empty-net.d"));
        CniPodNetwork network = new CniPodNetwork(config.withConfDir(userConf), () -> subnet);

        assertThatThrownBy(() -> network.setUp(uid(), "default", "p"))
                .hasMessageContaining("no network configuration (.conflist or .conf) in " + userConf);
    }

    @Test
    void skiffsOwnListIsWrittenForTheNodesPodCidr() throws IOException {
        network().setUp(uid(), "default", "p");

        String written = Files.readString(config.confDir().resolve(CniConflist.FILE));
        assertThat(Json.parse(written.getBytes())).isEqualTo(Json.parse("""
                {"cniVersion": "1.0.0", "name": "skiff", "plugins": [{"type": "bridge", "bridge": "%s",
                 "isGateway": true, "ipMasq": false, "hairpinMode": true,
                 "ipam": {"type": "host-local", "ranges": [[{"subnet": "%s"}]], "routes": [{"dst": "0.0.0.0/0"}],
                          "dataDir": "%s"}}]}
                """.formatted(config.bridge(), subnet, config.ipamDir()).getBytes()));
    }

    @Test
    void oneNftRuleMasqueradesThePodsTrafficLeavingTheirNetworkInsteadOfPerPodIptablesRules() throws IOException {
        assumeTrue(PodMasquerade.usable(), "needs nft");
        CniPodNetwork network = new CniPodNetwork(config.withBridge(config.bridge(), true), () -> subnet);
        // A host of the test's own: a namespace behind a veth pair, on a /30 next to the test's pod range.
        String outside = prefix + "out";
        String hostSide = config.bridge() + "o";
        String[] octets = subnet.substring(0, subnet.indexOf('/')).split("\\.");
        String third = octets[2].equals("250") ? "251" : "250";
        String hostAddress = "10." + octets[1] + "." + third + ".1";
        String outsideAddress = "10." + octets[1] + "." + third + ".2";
        outsideNamespace = outside;
        assertThat(HostCommands.run("ip", "netns", "add", outside).exit()).isZero();
        run("ip", "link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", outside);
        run("ip", "addr", "add", hostAddress + "/30", "dev", hostSide);
        run("ip", "link", "set", hostSide, "up");
        run("ip", "netns", "exec", outside, "ip", "addr", "add", outsideAddress + "/30", "dev", "eth0");
        run("ip", "netns", "exec", outside, "ip", "link", "set", "eth0", "up");
        // Counts the pings that arrive from the host's address, i.e. masqueraded; the namespace has no route back
        // to the pod range, so an unmasqueraded ping is never answered.
        run("ip", "netns", "exec", outside, "nft", "add table ip seen; add chain ip seen in "
                + "{ type filter hook input priority 0; }; add rule ip seen in ip saddr " + hostAddress
                + " icmp type echo-request counter");

        PodNetworkStatus a = network.setUp(uid(), "default", "masq-a");
        PodNetworkStatus b = network.setUp(uid(), "default", "masq-b");

        assertThat(HostCommands.run("ip", "route", "get", outsideAddress).text()).contains("dev " + hostSide);
        for (PodNetworkStatus pod : List.of(a, b)) {
            HostCommands.Output ping = HostCommands.run("ip", "netns", "exec",
                    pod.netns().getFileName().toString(), "busybox", "ping", "-c", "1", "-W", "5", outsideAddress);
            assertThat(ping.exit()).as(ping.text()).isZero();
        }
        assertThat(HostCommands.run("ip", "netns", "exec", outside, "nft", "list", "table", "ip", "seen").text())
                .contains("packets 2 ");
        assertThat(Json.parse(Files.readAllBytes(config.confDir().resolve(CniConflist.FILE)))
                .path("plugins").get(0).path("ipMasq").asBoolean()).isFalse();
        assertThat(HostCommands.run("iptables", "-t", "nat", "-S", "POSTROUTING").text())
                .doesNotContain(a.ip() + "/32").doesNotContain(b.ip() + "/32");
    }

    private static void run(String... command) {
        HostCommands.Output output = HostCommands.run(command);
        assertThat(output.exit()).as(String.join(" ", command) + ": " + output.text()).isZero();
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
