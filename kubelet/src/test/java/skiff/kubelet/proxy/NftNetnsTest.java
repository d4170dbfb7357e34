package skiff.kubelet.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.kubelet.proxy.ProxyObjects.service;
import static skiff.kubelet.proxy.ProxyObjects.slice;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import skiff.kubelet.proxy.ProxyObjects.Ep;

/** The renderer's output loaded into a real nftables, inside a network namespace the test creates. */
class NftNetnsTest {
    private final NftRenderer renderer = new NftRenderer(new ProxyNetworks("10.244.0.0/16", "10.96.0.0/16"));
    private TestNetns netns;
    private HostCommand node;

    @BeforeEach
    void createNamespace() {
        TestNetns.assumeAvailable();
        netns = new TestNetns();
        node = HostCommand.inNetns(netns.create("node"));
    }

    @AfterEach
    void deleteNamespace() {
        if (netns != null) {
            netns.close();
        }
    }

    private static NftRuleset state(List<Service> services, List<EndpointSlice> slices, NftRenderer renderer) {
        return renderer.render(ProxyModel.desiredState(services, slices, "n1"));
    }

    private static List<Service> services() {
        Service web = new ServiceBuilder(ProxyObjects.nodePort(service("web", "10.96.0.10", 80).build(), 30080))
                .editSpec().withSessionAffinity("ClientIP").endSpec().build();
        Service local = new ServiceBuilder(ProxyObjects.nodePort(service("local", "10.96.0.11", 80).build(), 30081))
                .editSpec().withExternalTrafficPolicy("Local").endSpec().build();
        Service empty = service("empty", "10.96.0.12", 80).build();
        return List.of(web, local, empty);
    }

    @Test
    void loadsAFullTableThenOnlyTheChangesAndReplacesAStaleTable() {
        node.run("add table ip other\nadd chain ip other keep\n", "nft", "-f", "-");
        node.run("add table " + ("ip " + NftRenderer.DEFAULT_TABLE) + "\nadd chain " + ("ip " + NftRenderer.DEFAULT_TABLE)
                + " stale-from-an-earlier-run\n", "nft", "-f", "-");
        List<EndpointSlice> two = List.of(slice("web", "web-1", 8080, Ep.ready("10.244.0.2", "n1"),
                Ep.ready("10.244.1.2", "n2")), slice("local", "local-1", 8080, Ep.ready("10.244.1.3", "n2")));
        NftRuleset first = state(services(), two, renderer);

        node.run(NftTransaction.recreate(renderer, first).text(), "nft", "-f", "-");

        NftListing listed = NftListing.read(node);
        assertThat(listed.chains()).doesNotContain("stale-from-an-earlier-run")
                .containsAll(first.chains().keySet()).contains("services", "nat-output", "filter-input");
        assertThat(listed.elementsPerSet()).containsEntry("service-ips", 2).containsEntry("service-nodeports", 1)
                .containsEntry("no-endpoint-services", 1).containsEntry("no-endpoint-nodeports", 1)
                .containsEntry("cluster-ips", 3);
        assertThat(listed.elementsPerSet().keySet().stream().filter(s -> s.startsWith("affinity-"))).hasSize(2);
        assertThat(node.run(null, "nft", "list", "tables")).contains("table ip other");

        // One endpoint of web goes away: its endpoint chain and affinity set go, the service chain is rewritten.
        List<EndpointSlice> one = List.of(slice("web", "web-1", 8080, Ep.ready("10.244.1.2", "n2")),
                slice("local", "local-1", 8080, Ep.ready("10.244.1.3", "n2")));
        NftRuleset second = state(services(), one, renderer);
        NftTransaction partial = NftTransaction.partial(renderer, first, second);
        node.run(partial.text(), "nft", "-f", "-");

        assertThat(partial.chainsDeleted()).isEqualTo(1);
        assertThat(partial.chainsWritten()).isEqualTo(1);
        assertThat(partial.elementsChanged()).isZero();
        listed = NftListing.read(node);
        assertThat(listed.chains()).containsAll(second.chains().keySet())
                .noneMatch(c -> c.contains("10.244.0.2"));
        assertThat(listed.elementsPerSet().keySet()).noneMatch(s -> s.contains("10.244.0.2"));

        // No endpoint left anywhere: web's ClusterIP and NodePort move to the no-endpoint maps.
        NftRuleset third = state(services(), List.of(), renderer);
        node.run(NftTransaction.partial(renderer, second, third).text(), "nft", "-f", "-");
        listed = NftListing.read(node);
        assertThat(listed.chains().stream().filter(c -> c.contains("/ns/"))).isEmpty();
        assertThat(listed.elementsPerSet()).containsEntry("service-ips", 0)
                .containsEntry("no-endpoint-services", 3).containsEntry("no-endpoint-nodeports", 2);

        // A full resync over what is there, then back to the first state: the same table as a fresh write.
        node.run(NftTransaction.full(renderer, third, first).text(), "nft", "-f", "-");
        assertThat(NftListing.read(node)).isEqualTo(listedAfterRecreate(first));
        assertThat(node.run(null, "nft", "list", "tables")).contains("table ip other");
    }

    private NftListing listedAfterRecreate(NftRuleset state) {
        String other = netns.create("fresh");
        HostCommand fresh = HostCommand.inNetns(other);
        fresh.run(NftTransaction.recreate(renderer, state).text(), "nft", "-f", "-");
        return NftListing.read(fresh);
    }

    @Test
    void aChangedAffinityTimeoutRecreatesTheTable() {
        List<EndpointSlice> slices = List.of(slice("web", "web-1", 8080, Ep.ready("10.244.0.2", "n1")));
        NftRuleset before = state(services(), slices, renderer);
        Service longer = new ServiceBuilder(services().get(0)).editSpec().withNewSessionAffinityConfig()
                .withNewClientIP().withTimeoutSeconds(5).endClientIP().endSessionAffinityConfig().endSpec().build();
        NftRuleset after = state(List.of(longer), slices, renderer);
        node.run(NftTransaction.recreate(renderer, before).text(), "nft", "-f", "-");

        assertThat(NftTransaction.partial(renderer, before, after)).isNull();
        node.run(NftTransaction.full(renderer, before, after).text(), "nft", "-f", "-");

        assertThat(NftListing.read(node).chains()).containsAll(after.chains().keySet());
    }
}
