package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import skiff.image.OciImageStore;
import skiff.image.testing.TestImages;
import skiff.kubelet.network.CniConfig;
import skiff.kubelet.runtime.runc.CgroupTree;
import skiff.kubelet.runtime.runc.RuntimeProbe;

/**
 * A cluster of three hosts, each a network namespace of the test's: a server host (10.77.0.1) and two agent hosts
 * (10.77.0.2 and .3), joined by veth pairs to a bridge in a fourth namespace, the "LAN", with no route anywhere
 * else. Each agent runs runc pods on its own CNI bridge in its own pod CIDR, which the server's node IPAM gives it
 * from 10.78.0.0/16, and routes the other agents' pod CIDRs via their addresses ({@code --host-gw}, as flannel's
 * host-gw backend). Pods reach each other across hosts by pod IP, unmasqueraded; an agent cut off from the LAN goes NotReady, its
 * ReplicaSet pods are replaced on the other agent after eviction while its StatefulSet pod is not until force-deleted;
 * back on the LAN, it stops the containers of the pods deleted meanwhile.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostsClusterTest {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private static final String LAN = "sk" + RUN + "-lan";
    private static final String IMAGE = "docker.io/library/busybox:hosts";
    private static final String NS = "hosts";
    // The agents' pod bridge; one of the same name in the machine's own namespace must not matter to them.
    private static final String BRIDGE = "sk" + RUN + "br";
    private static final Host SERVER = new Host("sk" + RUN + "-srv", "srv", "10.77.0.1");
    private static final Host AGENT_1 = new Host("sk" + RUN + "-a1", "agent-1", "10.77.0.2");
    private static final Host AGENT_2 = new Host("sk" + RUN + "-a2", "agent-2", "10.77.0.3");

    @TempDir
    static Path dir;
    private static SkiffProcess server;
    private static final List<SkiffAgentProcess> agents = new ArrayList<>();
    private static Kubectl kubectl;

    /** A test host: its network namespace, its name (the node's, and its veth's on the LAN) and its address. */
    private record Host(String netns, String name, String address) {
        String cgroupRoot() {
            return "skiff-" + RUN + "-" + name;
        }

        String netnsPrefix() {
            return "sk" + RUN + name.charAt(name.length() - 1) + "-";
        }

        Path dataDir() {
            return dir.resolve(name);
        }

        Path runcRoot() {
            return dataDir().resolve("kubelet/runc/state");
        }
    }

    @BeforeAll
    static void start() throws IOException {
        RuntimeProbe.Decision decision = RuntimeProbe.system(CniConfig.DEFAULT_BIN_DIRS).decide();
        Assumptions.assumeTrue(decision.useRunc(), decision::explanation);
        Assumptions.assumeTrue(run("ip", "netns", "list").exitCode() == 0, "ip netns is not usable here");
        must("ip", "link", "add", BRIDGE, "type", "bridge");
        must("ip", "addr", "add", "10.79.0.1/24", "dev", BRIDGE);
        must("ip", "netns", "add", LAN);
        must("ip", "-n", LAN, "link", "add", "br0", "type", "bridge");
        must("ip", "-n", LAN, "link", "set", "br0", "up");
        for (Host host : List.of(SERVER, AGENT_1, AGENT_2)) {
            must("ip", "netns", "add", host.netns());
            must("ip", "-n", host.netns(), "link", "set", "lo", "up");
            must("ip", "link", "add", "name", "eth0", "netns", host.netns(), "type", "veth", "peer", "name",
                    host.name(), "netns", LAN);
            must("ip", "-n", LAN, "link", "set", host.name(), "master", "br0", "up");
            must("ip", "-n", host.netns(), "addr", "add", host.address() + "/24", "dev", "eth0");
            must("ip", "-n", host.netns(), "link", "set", "eth0", "up");
        }
        server = SkiffProcess.startIn(SERVER.netns(), dir.resolve("server"), List.of("--no-kubelet",
                "--bind", SERVER.address(), "--cluster-cidr", "10.78.0.0/16", "--node-cidr-mask-size", "24",
                "--node-monitor-grace-period", "20s"));
        kubectl = Kubectl.inNetworkNamespace(SERVER.netns(), server.kubeconfig(),
                Files.createDirectories(dir.resolve("kubectl")));
        for (Host agent : List.of(AGENT_1, AGENT_2)) {
            TestImages.busybox().build().putInto(OciImageStore.open(OciImageStore.inDataDir(agent.dataDir())),
                    IMAGE);
            agents.add(SkiffAgentProcess.startIn(agent.netns(), server, agent.name(), agent.dataDir(), List.of(
                    "--node-ip", agent.address(), "--runtime", "runc", "--proxy-mode", "none",
                    "--cluster-cidr", "10.78.0.0/16", "--netns-prefix", agent.netnsPrefix(),
                    "--cgroup-root", agent.cgroupRoot(), "--cni-bridge", BRIDGE, "--host-gw")));
        }
        kubectl.succeed("wait", "--for=condition=Ready", "node/agent-1", "node/agent-2", "--timeout=120s");
        kubectl.succeed("create", "namespace", NS);
    }

    @AfterAll
    static void stop() {
        try {
            if (server != null) {
                // The workloads first, their pods stopped by their kubelets.
                kubectl.run("delete", "replicasets,statefulsets,pods", "--all", "-n", NS, "--timeout=60s");
            }
        } finally {
            agents.forEach(SkiffAgentProcess::close);
            if (server != null) {
                server.close();
            }
            for (Host agent : List.of(AGENT_1, AGENT_2)) {
                for (String id : run("runc", "--root", agent.runcRoot().toString(), "list", "-q").stdout().lines()
                        .toList()) {
                    run("runc", "--root", agent.runcRoot().toString(), "delete", "--force", id);
                }
                for (String netns : run("ip", "netns", "list").stdout().lines().map(l -> l.split(" ")[0])
                        .filter(n -> n.startsWith(agent.netnsPrefix())).toList()) {
                    run("ip", "netns", "del", netns);
                }
                CgroupTree.system().removeTree("/" + agent.cgroupRoot());
            }
            for (String netns : List.of(SERVER.netns(), AGENT_1.netns(), AGENT_2.netns(), LAN)) {
                run("ip", "netns", "del", netns);
            }
            run("ip", "link", "del", BRIDGE);
        }
    }

    @Test
    @Order(1)
    void aPodReachesAPodOnAnotherHostByPodIp() {
        kubectl.succeed("apply", "-f", kubectl.file("pods.yaml", pod("web-b", "agent-2",
                "mkdir -p /www; echo hello from web-b > /www/index.html; exec httpd -f -v -p 8080 -h /www")
                + "---\n" + pod("client-a", "agent-1", "exec sleep 3600")));
        kubectl.succeed("wait", "-n", NS, "--for=condition=Ready", "pod/web-b", "pod/client-a", "--timeout=120s");
        String ip = kubectl.succeed("get", "pod", "web-b", "-n", NS, "-o", "jsonpath={.status.podIP}").stdout();
        String cidr = kubectl.succeed("get", "node", "agent-2", "-o", "jsonpath={.spec.podCIDR}").stdout();
        assertThat(cidr).startsWith("10.78.").endsWith(".0/24");
        assertThat(ip).startsWith(cidr.substring(0, cidr.lastIndexOf('.') + 1));
        // Agent 1 routes agent 2's pod CIDR via agent 2's address, from agent 2's Node.
        assertThat(run("ip", "-n", AGENT_1.netns(), "route", "show", cidr).stdout())
                .contains(cidr + " via " + AGENT_2.address() + " dev eth0");

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(kubectl.run("exec", "-n", NS, "client-a", "--",
                "timeout", "5", "wget", "-q", "-O", "-", "http://" + ip + ":8080/").stdout())
                .isEqualTo("hello from web-b\n"));
        // Without NAT: the server sees the client pod's own address (httpd -v logs each client, IPv4-mapped).
        String clientIp = kubectl.succeed("get", "pod", "client-a", "-n", NS, "-o", "jsonpath={.status.podIP}")
                .stdout();
        assertThat(kubectl.succeed("logs", "-n", NS, "web-b").stdout())
                .contains("[::ffff:" + clientIp + "]:");
    }

    @Test
    @Order(2)
    void aHostCutOffLosesItsReplicaSetPodsButKeepsItsStatefulSetPodUntilForceDeleted() {
        List<String> runningBefore = runningContainers(AGENT_2);
        // Both workloads start on agent 2 while agent 1 is cordoned.
        kubectl.succeed("cordon", "agent-1");
        kubectl.succeed("apply", "-f", kubectl.file("workloads.yaml", workload("ReplicaSet", "rs", 2)
                + "---\n" + workload("StatefulSet", "sts", 1)));
        kubectl.succeed("rollout", "status", "-n", NS, "statefulset/sts", "--timeout=120s");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(pods()).filteredOn(p -> p.name().startsWith("rs-"))
                .hasSize(2).allSatisfy(p -> assertThat(p.phase()).isEqualTo("Running")));
        kubectl.succeed("uncordon", "agent-1");
        List<Pod> before = pods();
        assertThat(before).extracting(Pod::node).containsOnly("agent-2");
        Pod sts0 = before.stream().filter(p -> p.name().equals("sts-0")).findFirst().orElseThrow();
        List<String> containers = runningContainers(AGENT_2).stream().filter(c -> !runningBefore.contains(c))
                .toList();
        assertThat(containers).hasSizeGreaterThanOrEqualTo(3);

        must("ip", "-n", LAN, "link", "set", AGENT_2.name(), "down");

        await().atMost(DEADLINE).until(() -> kubectl.succeed("get", "node", "agent-2", "-o",
                "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").stdout().equals("Unknown"));
        // The ReplicaSet's pods are evicted (they tolerate unreachable for 2 s) and replaced on agent 1 ...
        await().atMost(DEADLINE).untilAsserted(() -> {
            List<Pod> rs = pods().stream().filter(p -> p.name().startsWith("rs-")).toList();
            assertThat(rs).filteredOn(p -> p.node().equals("agent-2")).hasSize(2).allMatch(Pod::terminating);
            assertThat(rs).filteredOn(p -> !p.terminating()).hasSize(2)
                    .allSatisfy(p -> assertThat(p).extracting(Pod::node, Pod::phase)
                            .containsExactly("agent-1", "Running"));
        });
        // ... while the StatefulSet's pod, evicted as well, stays the one identity sts-0 on agent 2.
        await().during(Duration.ofSeconds(5)).atMost(DEADLINE).untilAsserted(() -> assertThat(pods())
                .filteredOn(p -> p.name().equals("sts-0")).singleElement()
                .satisfies(p -> assertThat(p.uid()).isEqualTo(sts0.uid()))
                .satisfies(p -> assertThat(p.terminating()).isTrue()));

        kubectl.succeed("delete", "pod", "sts-0", "-n", NS, "--force", "--grace-period=0");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(pods()).filteredOn(p -> p.name().equals("sts-0"))
                .singleElement().satisfies(p -> assertThat(p.uid()).isNotEqualTo(sts0.uid()))
                .satisfies(p -> assertThat(p).extracting(Pod::node, Pod::phase)
                        .containsExactly("agent-1", "Running")));

        must("ip", "-n", LAN, "link", "set", AGENT_2.name(), "up");

        await().atMost(DEADLINE).until(() -> kubectl.succeed("get", "node", "agent-2", "-o",
                "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").stdout().equals("True"));
        // Back on the LAN agent 2 stops the containers of its deleted pods and the evicted pods go.
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(runningContainers(AGENT_2)).doesNotContainAnyElementsOf(containers);
            assertThat(pods()).extracting(Pod::node).containsOnly("agent-1");
        });
    }

    /** A pod of the test's image on {@code node} running {@code script}. */
    private static String pod(String name, String node, String script) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  nodeSelector:
                    kubernetes.io/hostname: %s
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: main
                    image: %s
                    command: ["sh", "-c", "%s"]
                """.formatted(name, NS, node, IMAGE, script);
    }

    /**
     * A ReplicaSet or StatefulSet of sleeping pods that tolerate an unreachable or not-ready node for 2 s only (the
     * default tolerations the API server adds are for 300 s).
     */
    private static String workload(String kind, String name, int replicas) {
        return """
                apiVersion: apps/v1
                kind: %s
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  replicas: %d
                  selector:
                    matchLabels: {app: %s}
                  template:
                    metadata:
                      labels: {app: %s}
                    spec:
                      terminationGracePeriodSeconds: 1
                      tolerations:
                      - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
                      - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 2}
                      containers:
                      - name: main
                        image: %s
                        command: ["sleep", "3600"]
                """.formatted(kind, name, NS, replicas, name, name, IMAGE)
                + (kind.equals("StatefulSet") ? "  serviceName: " + name + "\n" : "");
    }

    /** A pod as kubectl lists it. */
    private record Pod(String name, String uid, String node, String phase, boolean terminating) {}

    private static List<Pod> pods() {
        return kubectl.succeed("get", "pods", "-n", NS, "-l", "app", "-o", "jsonpath={range .items[*]}"
                + "{.metadata.name} {.metadata.uid} {.spec.nodeName} {.status.phase} {.metadata.deletionTimestamp}"
                + "{\"\\n\"}{end}").stdout().lines().map(line -> line.split(" ", -1))
                .map(f -> new Pod(f[0], f[1], f[2], f[3], !f[4].isEmpty())).toList();
    }

    /** The ids of the containers runc runs for {@code agent}'s kubelet. */
    private static List<String> runningContainers(Host agent) {
        return run("runc", "--root", agent.runcRoot().toString(), "list").stdout().lines().skip(1)
                .map(line -> line.split("\\s+")).filter(f -> f.length > 2 && f[2].equals("running"))
                .map(f -> f[0]).toList();
    }

    private record Finished(int exitCode, String stdout) {}

    private static void must(String... command) {
        Finished finished = run(command);
        assertThat(finished.exitCode()).as("%s printed: %s", String.join(" ", command), finished.stdout())
                .isZero();
    }

    private static Finished run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Finished(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
