package skiff.kubelet.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static skiff.kubelet.proxy.ProxyObjects.service;
import static skiff.kubelet.proxy.ProxyObjects.slice;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.kubelet.proxy.ProxyObjects.Ep;

/** Golden text: the rules and elements rendered for one Service port, as kube-proxy's nftables mode writes them. */
class NftRendererTest {
    private static final NftRenderer RENDERER = new NftRenderer(new ProxyNetworks("10.42.0.0/16", "10.43.0.0/16"));
    private static final String WEB = "ns/web/tcp/http";

    private static String render(Service service, EndpointSlice... slices) {
        NftRuleset rules = RENDERER.render(ProxyModel.desiredState(List.of(service), List.of(slices), "n1"));
        StringBuilder out = new StringBuilder();
        rules.chains().forEach((chain, lines) -> {
            out.append("chain ").append(chain.replaceAll("-[0-9a-f]{8}-", "-H-")).append('\n');
            lines.forEach(l -> out.append("  ").append(l.replaceAll("-[0-9a-f]{8}-", "-H-")).append('\n'));
        });
        rules.affinitySets().forEach((set, timeout) -> out.append("set ")
                .append(set.replaceAll("-[0-9a-f]{8}-", "-H-")).append(" timeout ").append(timeout).append('\n'));
        rules.elements().forEach((map, elements) -> elements.forEach((k, v) -> out.append(map).append(": ")
                .append(k).append(v.isEmpty() ? "" : " : " + v.replaceAll("-[0-9a-f]{8}-", "-H-")).append('\n')));
        return out.toString();
    }

    static Stream<Arguments> goldens() {
        Service web = service("web", "10.43.0.10", 80).build();
        EndpointSlice two = slice("web", "web-1", 8080, Ep.ready("10.42.0.3", "n1"), Ep.ready("10.42.1.2", "n2"));
        return Stream.of(
                Arguments.of("ClusterIP with two endpoints", web, List.of(two), """
                        chain endpoint-H-%1$s__10.42.0.3/8080
                          ip saddr 10.42.0.3 jump mark-for-masquerade
                          meta l4proto tcp dnat to 10.42.0.3:8080
                        chain endpoint-H-%1$s__10.42.1.2/8080
                          ip saddr 10.42.1.2 jump mark-for-masquerade
                          meta l4proto tcp dnat to 10.42.1.2:8080
                        chain service-H-%1$s
                          ip daddr 10.43.0.10 tcp dport 80 ip saddr != 10.42.0.0/16 jump mark-for-masquerade
                          numgen random mod 2 vmap { 0 : goto endpoint-H-%1$s__10.42.0.3/8080, 1 : goto endpoint-H-%1$s__10.42.1.2/8080 }
                        cluster-ips: 10.43.0.10
                        service-ips: 10.43.0.10 . tcp . 80 : goto service-H-%1$s
                        """),
                Arguments.of("no endpoints: rejected", web, List.of(), """
                        cluster-ips: 10.43.0.10
                        no-endpoint-services: 10.43.0.10 . tcp . 80 : goto reject-chain
                        """),
                Arguments.of("ClientIP affinity", new ServiceBuilder(web).editSpec().withSessionAffinity("ClientIP")
                        .withNewSessionAffinityConfig().withNewClientIP().withTimeoutSeconds(30).endClientIP()
                        .endSessionAffinityConfig().endSpec().build(),
                        List.of(slice("web", "web-1", 8080, Ep.ready("10.42.0.3", "n1"))), """
                        chain endpoint-H-%1$s__10.42.0.3/8080
                          ip saddr 10.42.0.3 jump mark-for-masquerade
                          update @affinity-H-%1$s__10.42.0.3/8080 { ip saddr }
                          meta l4proto tcp dnat to 10.42.0.3:8080
                        chain service-H-%1$s
                          ip daddr 10.43.0.10 tcp dport 80 ip saddr != 10.42.0.0/16 jump mark-for-masquerade
                          ip saddr @affinity-H-%1$s__10.42.0.3/8080 goto endpoint-H-%1$s__10.42.0.3/8080
                          numgen random mod 1 vmap { 0 : goto endpoint-H-%1$s__10.42.0.3/8080 }
                        set affinity-H-%1$s__10.42.0.3/8080 timeout 30
                        cluster-ips: 10.43.0.10
                        service-ips: 10.43.0.10 . tcp . 80 : goto service-H-%1$s
                        """),
                Arguments.of("NodePort, Cluster policy: masqueraded", ProxyObjects.nodePort(web, 30080),
                        List.of(slice("web", "web-1", 8080, Ep.ready("10.42.1.2", "n2"))), """
                        chain endpoint-H-%1$s__10.42.1.2/8080
                          ip saddr 10.42.1.2 jump mark-for-masquerade
                          meta l4proto tcp dnat to 10.42.1.2:8080
                        chain external-H-%1$s
                          jump mark-for-masquerade
                          goto service-H-%1$s
                        chain service-H-%1$s
                          ip daddr 10.43.0.10 tcp dport 80 ip saddr != 10.42.0.0/16 jump mark-for-masquerade
                          numgen random mod 1 vmap { 0 : goto endpoint-H-%1$s__10.42.1.2/8080 }
                        cluster-ips: 10.43.0.10
                        service-ips: 10.43.0.10 . tcp . 80 : goto service-H-%1$s
                        service-nodeports: tcp . 30080 : goto external-H-%1$s
                        """),
                Arguments.of("NodePort, Local policy", new ServiceBuilder(ProxyObjects.nodePort(web, 30080))
                        .editSpec().withExternalTrafficPolicy("Local").endSpec().build(), List.of(two), """
                        chain endpoint-H-%1$s__10.42.0.3/8080
                          ip saddr 10.42.0.3 jump mark-for-masquerade
                          meta l4proto tcp dnat to 10.42.0.3:8080
                        chain endpoint-H-%1$s__10.42.1.2/8080
                          ip saddr 10.42.1.2 jump mark-for-masquerade
                          meta l4proto tcp dnat to 10.42.1.2:8080
                        chain external-H-%1$s
                          ip saddr 10.42.0.0/16 goto service-H-%1$s
                          fib saddr type local jump mark-for-masquerade
                          fib saddr type local goto service-H-%1$s
                          goto local-H-%1$s
                        chain local-H-%1$s
                          numgen random mod 1 vmap { 0 : goto endpoint-H-%1$s__10.42.0.3/8080 }
                        chain service-H-%1$s
                          ip daddr 10.43.0.10 tcp dport 80 ip saddr != 10.42.0.0/16 jump mark-for-masquerade
                          numgen random mod 2 vmap { 0 : goto endpoint-H-%1$s__10.42.0.3/8080, 1 : goto endpoint-H-%1$s__10.42.1.2/8080 }
                        cluster-ips: 10.43.0.10
                        service-ips: 10.43.0.10 . tcp . 80 : goto service-H-%1$s
                        service-nodeports: tcp . 30080 : goto external-H-%1$s
                        """),
                Arguments.of("internalTrafficPolicy Local without local endpoints: dropped",
                        new ServiceBuilder(web).editSpec().withInternalTrafficPolicy("Local").endSpec().build(),
                        List.of(slice("web", "web-1", 8080, Ep.ready("10.42.1.2", "n2"))), """
                        cluster-ips: 10.43.0.10
                        no-endpoint-services: 10.43.0.10 . tcp . 80 : drop
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void rendersAsKubeProxy(String title, Service service, List<EndpointSlice> slices, String golden) {
        assertThat(render(service, slices.toArray(EndpointSlice[]::new))).isEqualTo(golden.formatted(WEB));
    }

    @Test
    void partialSyncWritesOnlyWhatChanged() {
        Service web = service("web", "10.43.0.10", 80).build();
        Service api = service("api", "10.43.0.20", 443).build();
        NftRuleset before = RENDERER.render(ProxyModel.desiredState(List.of(web, api),
                List.of(slice("web", "w", 8080, Ep.ready("10.42.0.3", "n1")),
                        slice("api", "a", 6443, Ep.ready("10.42.0.9", "n1"))), "n1"));
        NftRuleset after = RENDERER.render(ProxyModel.desiredState(List.of(web, api),
                List.of(slice("web", "w", 8080, Ep.ready("10.42.0.4", "n1")),
                        slice("api", "a", 6443, Ep.ready("10.42.0.9", "n1"))), "n1"));

        String text = NftTransaction.partial(RENDERER, before, after).text()
                .replaceAll("-[0-9a-f]{8}-", "-H-");

        assertThat(text).isEqualTo("""
                add chain ip skiff-proxy endpoint-H-%1$s__10.42.0.4/8080
                flush chain ip skiff-proxy service-H-%1$s
                flush chain ip skiff-proxy endpoint-H-%1$s__10.42.0.3/8080
                add rule ip skiff-proxy endpoint-H-%1$s__10.42.0.4/8080 ip saddr 10.42.0.4 jump mark-for-masquerade
                add rule ip skiff-proxy endpoint-H-%1$s__10.42.0.4/8080 meta l4proto tcp dnat to 10.42.0.4:8080
                add rule ip skiff-proxy service-H-%1$s ip daddr 10.43.0.10 tcp dport 80 ip saddr != 10.42.0.0/16 jump mark-for-masquerade
                add rule ip skiff-proxy service-H-%1$s numgen random mod 1 vmap { 0 : goto endpoint-H-%1$s__10.42.0.4/8080 }
                delete chain ip skiff-proxy endpoint-H-%1$s__10.42.0.3/8080
                """.formatted(WEB));
        assertThat(NftTransaction.partial(RENDERER, after, after).isEmpty()).isTrue();
    }

    @Test
    void aRendererThatRenderedBeforeRendersAsAFreshOne() {
        Service web = service("web", "10.43.0.10", 80).build();
        Service api = service("api", "10.43.0.20", 443).build();
        NftRenderer reused = new NftRenderer(RENDERER.networks());
        reused.render(ProxyModel.desiredState(List.of(web, api), List.of(
                slice("web", "w", 8080, Ep.ready("10.42.0.3", "n1")),
                slice("api", "a", 6443, Ep.ready("10.42.0.9", "n1"))), "n1"));
        var next = ProxyModel.desiredState(List.of(web), List.of(
                slice("web", "w", 8080, Ep.ready("10.42.0.4", "n1"))), "n1");

        assertThat(reused.render(next)).isEqualTo(new NftRenderer(RENDERER.networks()).render(next));
    }

    @Test
    void aConfiguredTableNameIsTheOnlyTableTheTransactionsName() {
        NftRenderer own = new NftRenderer(RENDERER.networks(), "skiff-e2e-1a2b3c");
        NftRuleset state = own.render(ProxyModel.desiredState(List.of(service("web", "10.43.0.10", 80).build()),
                List.of(slice("web", "w", 8080, Ep.ready("10.42.0.3", "n1"))), "n1"));

        String text = NftTransaction.recreate(own, state).text();

        assertThat(own.familyTable()).isEqualTo("ip skiff-e2e-1a2b3c");
        assertThat(text).startsWith("add table ip skiff-e2e-1a2b3c\ndelete table ip skiff-e2e-1a2b3c\n");
        assertThat(text.lines().filter(l -> !l.contains("ip skiff-e2e-1a2b3c"))).isEmpty();
        assertThat(text).doesNotContain("skiff-proxy");
    }

    @Test
    void aTableNameNftWouldRefuseIsRefusedUpFront() {
        assertThatThrownBy(() -> new NftRenderer(RENDERER.networks(), "bad name;"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad name;");
        assertThatThrownBy(() -> ProxyConfig.defaults("n1", ProxyMode.NONE, null,
                null).withTable("")).isInstanceOf(IllegalArgumentException.class);
    }
}
