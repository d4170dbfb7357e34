package skiff.kubelet.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static skiff.kubelet.proxy.ProxyObjects.service;
import static skiff.kubelet.proxy.ProxyObjects.slice;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.kubelet.proxy.ProxyObjects.Ep;

/**
 * Real traffic through the proxy's rules, entirely inside network namespaces this test creates: a "node" namespace
 * with a bridge and two "pod" namespaces on it (veth, hairpin on), busybox httpd in each pod answering its name, and
 * the proxy's table and service route in the node namespace.
 */
class ProxyTrafficTest {
    private static final String POD_A = "10.77.0.2";
    private static final String POD_B = "10.77.0.3";
    private static final String NODE_IP = "10.77.0.1";
    private static final String WEB_IP = "10.78.0.10";
    private static final String STICKY_IP = "10.78.0.11";
    private static final String ONLY_A_IP = "10.78.0.12";
    private static final String EMPTY_IP = "10.78.0.13";
    private static final String LOCAL_IP = "10.78.0.14";
    private static final String LB_IP = "10.78.0.15";

    private final NftRenderer renderer = new NftRenderer(new ProxyNetworks("10.77.0.0/16", "10.78.0.0/16"));
    private final List<Process> servers = new ArrayList<>();
    private TestNetns netns;
    private String node;
    private String podA;
    private String podB;
    private ProxySyncer syncer;

    @BeforeEach
    void network(@TempDir Path dir) throws IOException {
        TestNetns.assumeAvailable();
        netns = new TestNetns();
        node = netns.create("node");
        podA = netns.create("a");
        podB = netns.create("b");
        String bridge = netns.link("br");
        netns.exec(node, "ip", "link", "add", bridge, "type", "bridge");
        netns.exec(node, "ip", "addr", "add", NODE_IP + "/24", "dev", bridge);
        netns.exec(node, "ip", "link", "set", bridge, "up");
        attach(podA, POD_A, bridge, "va");
        attach(podB, POD_B, bridge, "vb");
        serve(podA, "pod-a", dir.resolve("a"));
        serve(podB, "pod-b", dir.resolve("b"));
        syncer = new ProxySyncer(HostCommand.inNetns(node), renderer);
        syncer.start();
        assertThat(netns.exec(node, "sysctl", "-n", "net.ipv4.ip_forward").strip()).isEqualTo("1");
    }

    private void attach(String pod, String ip, String bridge, String suffix) {
        String hostSide = netns.link(suffix);
        netns.exec(node, "ip", "link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", pod);
        netns.exec(node, "ip", "link", "set", hostSide, "master", bridge);
        netns.exec(node, "ip", "link", "set", hostSide, "type", "bridge_slave", "hairpin", "on");
        netns.exec(node, "ip", "link", "set", hostSide, "up");
        netns.exec(pod, "ip", "addr", "add", ip + "/24", "dev", "eth0");
        netns.exec(pod, "ip", "link", "set", "eth0", "up");
        netns.exec(pod, "ip", "route", "add", "default", "via", NODE_IP);
    }

    private void serve(String pod, String name, Path root) throws IOException {
        Files.createDirectories(root);
        Files.writeString(root.resolve("index.html"), name + "\n");
        servers.add(new ProcessBuilder("ip", "netns", "exec", pod, "/bin/busybox", "httpd", "-f", "-p", "8080",
                "-h", root.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start());
        String ip = pod.equals(podA) ? POD_A : POD_B;
        await().atMost(Duration.ofSeconds(10)).until(() -> get(node, ip + ":8080").equals(name));
    }

    @AfterEach
    void cleanUp() {
        if (syncer != null) {
            syncer.close();
        }
        servers.forEach(Process::destroyForcibly);
        if (netns != null) {
            netns.close();
        }
    }

    /** The body busybox wget gets from {@code address} inside {@code ns}, or "error: ..." (wget's message). */
    private static String get(String ns, String address) {
        try {
            return HostCommand.inNetns(ns).run(null, "timeout", "5", "/bin/busybox", "wget", "-q", "-O", "-",
                    "http://" + address + "/").strip();
        } catch (HostCommand.CommandException e) {
            return "error: " + e.getMessage();
        }
    }

    private void program(List<Service> services, List<EndpointSlice> slices, boolean full) {
        syncer.sync(ProxyModel.desiredState(services, slices, "n1"), full);
    }

    private static Set<String> answers(String ns, String address, int requests) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            seen.add(get(ns, address));
        }
        return seen;
    }

    @Test
    void clusterIpNodePortAffinityHairpinAndEndpointRemoval() {
        Service web = ProxyObjects.nodePort(service("web", WEB_IP, 80).build(), 30080);
        Service sticky = new ServiceBuilder(service("sticky", STICKY_IP, 80).build()).editSpec()
                .withSessionAffinity("ClientIP").endSpec().build();
        Service onlyA = service("only-a", ONLY_A_IP, 80).build();
        Service empty = service("empty", EMPTY_IP, 80).build();
        // Pod B counts as another node's: internalTrafficPolicy Local keeps to pod A.
        Service local = new ServiceBuilder(service("local", LOCAL_IP, 80).build()).editSpec()
                .withInternalTrafficPolicy("Local").endSpec().build();
        // A LoadBalancer whose ingress is the node's address, as k3s' ServiceLB gives it.
        Service lb = new ServiceBuilder(service("lb", LB_IP, 8088).build()).editSpec().withType("LoadBalancer")
                .endSpec().withNewStatus().withNewLoadBalancer().addNewIngress().withIp(NODE_IP).endIngress()
                .endLoadBalancer().endStatus().build();
        List<Service> services = List.of(web, sticky, onlyA, empty, local, lb);
        List<EndpointSlice> both = List.of(
                slice("web", "web-1", 8080, Ep.ready(POD_A, "n1"), Ep.ready(POD_B, "n1")),
                slice("sticky", "sticky-1", 8080, Ep.ready(POD_A, "n1"), Ep.ready(POD_B, "n1")),
                slice("only-a", "only-a-1", 8080, Ep.ready(POD_A, "n1")),
                slice("local", "local-1", 8080, Ep.ready(POD_A, "n1"), Ep.ready(POD_B, "n2")),
                slice("lb", "lb-1", 8080, Ep.ready(POD_B, "n1")));
        program(services, both, false);

        // Both backends answer on the ClusterIP, from the node and from a pod.
        Set<String> fromNode = new HashSet<>();
        Set<String> fromPod = new HashSet<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            fromNode.add(get(node, WEB_IP + ":80"));
            fromPod.add(get(podB, WEB_IP + ":80"));
            return fromNode.containsAll(Set.of("pod-a", "pod-b")) && fromPod.containsAll(Set.of("pod-a", "pod-b"));
        });
        assertThat(fromNode).containsOnly("pod-a", "pod-b");
        assertThat(fromPod).containsOnly("pod-a", "pod-b");

        // NodePort on the node's address.
        assertThat(answers(node, NODE_IP + ":30080", 6)).isSubsetOf("pod-a", "pod-b").isNotEmpty();
        assertThat(answers(podB, NODE_IP + ":30080", 2)).isSubsetOf("pod-a", "pod-b").isNotEmpty();

        // The LoadBalancer's ingress address and port.
        assertThat(get(node, NODE_IP + ":8088")).isEqualTo("pod-b");
        assertThat(get(podA, NODE_IP + ":8088")).isEqualTo("pod-b");

        // internalTrafficPolicy Local: this node's endpoint only.
        assertThat(answers(node, LOCAL_IP + ":80", 6)).containsOnly("pod-a");

        // ClientIP affinity pins each client to one backend.
        assertThat(answers(node, STICKY_IP + ":80", 8)).hasSize(1).isSubsetOf("pod-a", "pod-b");
        assertThat(answers(podB, STICKY_IP + ":80", 8)).hasSize(1).isSubsetOf("pod-a", "pod-b");

        // Hairpin: pod A reaches itself through a Service.
        assertThat(get(podA, ONLY_A_IP + ":80")).isEqualTo("pod-a");
        assertThat(get(podA, WEB_IP + ":80")).isIn("pod-a", "pod-b");

        // A Service without endpoints, a wrong port of a ClusterIP and an unallocated ClusterIP are refused on the
        // node (with no route out of the node namespace, anything not handled there would be unreachable).
        assertThat(get(node, EMPTY_IP + ":80")).startsWith("error:").contains("refused");
        assertThat(get(podB, EMPTY_IP + ":80")).startsWith("error:").contains("refused");
        assertThat(get(node, WEB_IP + ":81")).startsWith("error:").contains("refused");
        assertThat(get(node, "10.78.9.9:80")).startsWith("error:").contains("refused");
        assertThat(get(podB, "10.78.9.9:80")).startsWith("error:").contains("refused");

        // Pod B leaves web's endpoints: no new connection goes to it.
        List<EndpointSlice> withoutB = new ArrayList<>(both);
        withoutB.set(0, slice("web", "web-1", 8080, Ep.ready(POD_A, "n1")));
        program(services, withoutB, false);
        assertThat(answers(node, WEB_IP + ":80", 8)).containsOnly("pod-a");
        assertThat(answers(podB, WEB_IP + ":80", 4)).containsOnly("pod-a");
    }

    @Test
    void closeRemovesTheTableAndTheRoute() {
        program(List.of(service("web", WEB_IP, 80).build()),
                List.of(slice("web", "web-1", 8080, Ep.ready(POD_A, "n1"))), false);
        assertThat(get(node, WEB_IP + ":80")).isEqualTo("pod-a");
        assertThat(netns.exec(node, "ip", "route", "show", "table", "local")).contains("10.78.0.0/16");

        syncer.close();

        assertThat(NftListing.tableExists(HostCommand.inNetns(node))).isFalse();
        assertThat(netns.exec(node, "ip", "route", "show", "table", "local")).doesNotContain("10.78.0.0/16");
        assertThat(get(node, WEB_IP + ":80")).startsWith("error:").doesNotContain("pod-a");
    }
}
