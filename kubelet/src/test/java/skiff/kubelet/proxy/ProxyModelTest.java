package skiff.kubelet.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.kubelet.proxy.ProxyObjects.service;
import static skiff.kubelet.proxy.ProxyObjects.slice;

import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import skiff.kubelet.proxy.ProxyObjects.Ep;

class ProxyModelTest {
    private static final ServicePortName WEB = new ServicePortName("ns", "web", "http", "TCP");

    static Stream<Arguments> endpointChoices() {
        Service cluster = service("web", "10.43.0.10", 80).build();
        Service internalLocal = service("web", "10.43.0.10", 80).editSpec().withInternalTrafficPolicy("Local")
                .endSpec().build();
        Service externalLocal = ProxyObjects.nodePort(service("web", "10.43.0.10", 80)
                .editSpec().withExternalTrafficPolicy("Local").endSpec().build(), 30080);
        return Stream.of(
                Arguments.of("ready endpoints only", cluster,
                        List.of(Ep.ready("10.42.0.2", "n1"), Ep.notReady("10.42.1.2", "n2"),
                                Ep.terminating("10.42.1.3", "n2", true)),
                        List.of("10.42.0.2"), List.of(), List.of(), true),
                Arguments.of("no ready endpoint: serving and terminating ones", cluster,
                        List.of(Ep.notReady("10.42.1.2", "n2"), Ep.terminating("10.42.1.3", "n2", true),
                                Ep.terminating("10.42.1.4", "n2", false)),
                        List.of("10.42.1.3"), List.of(), List.of(), true),
                Arguments.of("nothing usable", cluster,
                        List.of(Ep.notReady("10.42.1.2", "n2"), Ep.terminating("10.42.1.4", "n2", false)),
                        List.of(), List.of(), List.of(), false),
                Arguments.of("unset conditions count as ready", cluster,
                        List.of(new Ep("10.42.0.9", null, null, null, null)),
                        List.of("10.42.0.9"), List.of(), List.of(), true),
                Arguments.of("internalTrafficPolicy Local: this node's endpoints only", internalLocal,
                        List.of(Ep.ready("10.42.0.2", "n1"), Ep.ready("10.42.1.2", "n2")),
                        List.of(), List.of("10.42.0.2"), List.of(), true),
                Arguments.of("internalTrafficPolicy Local without local endpoints: none, yet some exist",
                        internalLocal, List.of(Ep.ready("10.42.1.2", "n2")),
                        List.of(), List.of(), List.of(), true),
                Arguments.of("Local falls back to local serving+terminating endpoints", internalLocal,
                        List.of(Ep.terminating("10.42.0.3", "n1", true), Ep.ready("10.42.1.2", "n2")),
                        List.of(), List.of("10.42.0.3"), List.of(), true),
                Arguments.of("externalTrafficPolicy Local: cluster endpoints inside, local ones outside",
                        externalLocal, List.of(Ep.ready("10.42.0.2", "n1"), Ep.ready("10.42.1.2", "n2")),
                        List.of("10.42.0.2", "10.42.1.2"), List.of("10.42.0.2"), List.of("10.42.0.2"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpointChoices")
    void choosesEndpointsAsKubeProxy(String title, Service service, List<Ep> endpoints, List<String> cluster,
            List<String> local, List<String> external, boolean hasAny) {
        EndpointSlice slice = slice("web", "web-abc", 8080, endpoints.toArray(Ep[]::new));

        ServicePortInfo info = ProxyModel.desiredState(List.of(service), List.of(slice), "n1").get(WEB);

        assertThat(info.clusterEndpoints()).extracting(ProxyEndpoint::ip).containsExactlyElementsOf(cluster);
        assertThat(info.localEndpoints()).extracting(ProxyEndpoint::ip).containsExactlyElementsOf(local);
        if (info.externallyAccessible()) {
            assertThat(info.externalEndpoints()).extracting(ProxyEndpoint::ip).containsExactlyElementsOf(external);
        }
        assertThat(info.hasAnyEndpoints()).isEqualTo(hasAny);
        assertThat(info.clusterEndpoints()).allSatisfy(e -> assertThat(e.port()).isEqualTo(8080));
    }

    @Test
    void destinationsAndAffinity() {
        Service lb = new ServiceBuilder(service("web", "10.43.0.10", 80).build()).editSpec()
                .withType("LoadBalancer").withExternalIPs("192.0.2.7").withSessionAffinity("ClientIP")
                .withNewSessionAffinityConfig().withNewClientIP().withTimeoutSeconds(60).endClientIP()
                .endSessionAffinityConfig().endSpec().withNewStatus().withNewLoadBalancer()
                .withIngress(new LoadBalancerIngressBuilder().withIp("192.0.2.1").build()).endLoadBalancer()
                .endStatus().build();
        lb.getSpec().getPorts().get(0).setNodePort(30080);
        Service noTimeout = new ServiceBuilder(service("other", "10.43.0.11", 81).build()).editSpec()
                .withSessionAffinity("ClientIP").endSpec().build();

        SortedMap<ServicePortName, ServicePortInfo> state = ProxyModel.desiredState(List.of(lb, noTimeout),
                List.of(), "n1");

        ServicePortInfo info = state.get(WEB);
        assertThat(info.clusterIp()).isEqualTo("10.43.0.10");
        assertThat(info.port()).isEqualTo(80);
        assertThat(info.nodePort()).isEqualTo(30080);
        assertThat(info.externalIps()).containsExactly("192.0.2.7", "192.0.2.1");
        assertThat(info.affinityTimeoutSeconds()).isEqualTo(60);
        assertThat(state.get(new ServicePortName("ns", "other", "http", "TCP")).affinityTimeoutSeconds())
                .isEqualTo(10800);
    }

    @Test
    void skipsServicesWithoutClusterIpAndSlicesOfOtherServicesOrPorts() {
        Service headless = service("headless", "None", 80).build();
        Service externalName = new ServiceBuilder(service("ext", "", 80).build()).editSpec()
                .withType("ExternalName").withExternalName("example.org").endSpec().build();
        Service web = service("web", "10.43.0.10", 80).build();
        EndpointSlice other = slice("other", "other-1", 8080, Ep.ready("10.42.0.5", "n1"));
        EndpointSlice wrongPort = slice("web", "web-1", 8080, Ep.ready("10.42.0.6", "n1"));
        wrongPort.getPorts().get(0).setName("metrics");
        EndpointSlice ipv6 = slice("web", "web-2", 8080, Ep.ready("fd00::1", "n1"));
        ipv6.setAddressType("IPv6");

        SortedMap<ServicePortName, ServicePortInfo> state = ProxyModel.desiredState(
                List.of(headless, externalName, web), List.of(other, wrongPort, ipv6), "n1");

        assertThat(state).containsOnlyKeys(WEB);
        assertThat(state.get(WEB).clusterEndpoints()).isEmpty();
        assertThat(state.get(WEB).hasAnyEndpoints()).isFalse();
    }

    @Test
    void mergesSlicesAndDropsDuplicateAddresses() {
        Service web = service("web", "10.43.0.10", 80).build();
        EndpointSlice a = slice("web", "web-a", 8080, Ep.ready("10.42.0.2", "n1"), Ep.ready("10.42.0.3", "n1"));
        EndpointSlice b = slice("web", "web-b", 8080, Ep.ready("10.42.0.3", "n1"), Ep.ready("10.42.0.4", "n2"));

        ServicePortInfo info = ProxyModel.desiredState(List.of(web), List.of(a, b), "n1").get(WEB);

        assertThat(info.clusterEndpoints()).extracting(ProxyEndpoint::address)
                .containsExactly("10.42.0.2:8080", "10.42.0.3:8080", "10.42.0.4:8080");
    }

    @Test
    void ignoresAddressesThatAreNotIpv4() {
        Service bad = service("bad", "10.43.0.300", 80).build();
        Service web = service("web", "10.43.0.10", 80).build();
        EndpointSlice slice = slice("web", "web-a", 8080, Ep.ready("10.42.0.2; drop", "n1"),
                Ep.ready("10.42.0.3", "n1"));

        SortedMap<ServicePortName, ServicePortInfo> state = ProxyModel.desiredState(List.of(bad, web),
                List.of(slice), "n1");

        assertThat(state).containsOnlyKeys(WEB);
        assertThat(state.get(WEB).clusterEndpoints()).extracting(ProxyEndpoint::ip).containsExactly("10.42.0.3");
    }
}
