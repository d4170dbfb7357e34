package skiff.e2e.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import skiff.e2e.SkiffHostDefaults;
import skiff.apiserver.service.ServiceNetwork;
import skiff.kubelet.proxy.HostCommand;
import skiff.kubelet.proxy.ProxyConfig;
import skiff.kubelet.proxy.ProxyMode;
import skiff.kubelet.proxy.ServiceProxy;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;

/**
 * The service proxy as an API client: Services and EndpointSlices created through the API server appear in its
 * nftables table, changes follow, and stop removes the table. The proxy programs a network namespace this test
 * creates, never the host's.
 */
@ResourceLock(SkiffHostDefaults.LOCK)
class ServiceProxyTest {
    // Generous for a loaded machine: how fast a change is programmed is measured by bin/bench proxy, not here.
    private static final Duration SOON = Duration.ofSeconds(30);
    private final String netns = "skpxe2e" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
    private HostCommand node;
    private SkiffServer server;
    private KubernetesClient client;
    private ServiceProxy proxy;

    @BeforeEach
    void start() {
        try {
            HostCommand.here().run(null, "ip", "netns", "add", netns);
        } catch (HostCommand.CommandException e) {
            assumeTrue(false, "needs root and iproute2: " + e.getMessage());
        }
        node = HostCommand.inNetns(netns);
        try {
            node.run(null, "nft", "list", "tables");
        } catch (HostCommand.CommandException e) {
            assumeTrue(false, "needs nftables: " + e.getMessage());
        }
        // The Services' cluster IPs come from the range the proxy is told is the service CIDR.
        server = SkiffServer.startTemporary(StoreKind.MEMORY, o -> o.withKubelet(KubeletOptions.disabled())
                .withServiceNetwork(ServiceNetwork.of("10.78.0.0/16", "30000-32767")));
        client = server.newClient();
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        try {
            HostCommand.here().run(null, "ip", "netns", "del", netns);
        } catch (HostCommand.CommandException e) {
            // not created
        }
    }

    private String table() {
        try {
            return node.run(null, "nft", "list", "table", "ip", "skiff-proxy");
        } catch (HostCommand.CommandException e) {
            return "";
        }
    }

    private static EndpointSlice slice(String ns, String... ips) {
        EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withNamespace(ns).withName("web-1")
                .addToLabels("kubernetes.io/service-name", "web").endMetadata().withAddressType("IPv4")
                .addNewPort().withName("http").withProtocol("TCP").withPort(8080).endPort();
        for (String ip : ips) {
            b.addNewEndpoint().withAddresses(ip).withNodeName("n1").withNewConditions().withReady(true)
                    .endConditions().endEndpoint();
        }
        return b.build();
    }

    @Test
    void programsServicesFromTheApiAndRemovesItsTableOnStop() {
        node.run("add table ip skiff-proxy\nadd chain ip skiff-proxy left-by-an-earlier-run\n", "nft", "-f", "-");
        String ns = "proxy-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16));
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();
        proxy = ServiceProxy.start(ProxyConfig.defaults("n1", ProxyMode.NFTABLES, "10.77.0.0/16", "10.78.0.0/16")
                .withHost(node), client);

        await().atMost(SOON).until(() -> table().contains("chain services"));
        assertThat(table()).doesNotContain("left-by-an-earlier-run");
        assertThat(node.run(null, "ip", "route", "show", "table", "local")).contains("10.78.0.0/16");

        client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("web")
                .endMetadata().withNewSpec().withClusterIP("10.78.0.10").addNewPort().withName("http")
                .withPort(80).withProtocol("TCP").endPort().endSpec().build()).create();
        await().atMost(SOON).until(() -> table().contains("10.78.0.10 . tcp . 80 : goto reject-chain"));

        client.discovery().v1().endpointSlices().inNamespace(ns).resource(slice(ns, "10.77.0.2", "10.77.0.3"))
                .create();
        await().atMost(SOON).until(() -> table().contains("dnat to 10.77.0.2:8080")
                && table().contains("dnat to 10.77.0.3:8080") && table().contains("10.78.0.10 . tcp . 80 : goto service-"));

        client.discovery().v1().endpointSlices().inNamespace(ns).resource(slice(ns, "10.77.0.3")).update();
        await().atMost(SOON).until(() -> !table().contains("10.77.0.2") && table().contains("dnat to 10.77.0.3:8080"));

        client.services().inNamespace(ns).withName("web").delete();
        await().atMost(SOON).until(() -> !table().contains("10.78.0.10"));

        proxy.close();
        proxy = null;
        assertThat(node.run(null, "nft", "list", "tables")).doesNotContain("skiff-proxy");
        assertThat(node.run(null, "ip", "route", "show", "table", "local")).doesNotContain("10.78.0.0/16");
    }

    @Test
    void modeNoneProgramsNothing() {
        assertThat(ServiceProxy.start(ProxyConfig.defaults("n1", ProxyMode.NONE, null, "10.78.0.0/16")
                .withHost(node), client)).isNull();
        assertThat(node.run(null, "nft", "list", "tables")).doesNotContain("skiff-proxy");
    }
}
