package skiff.controllers.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.controllers.endpointutil.EndpointFixtures;

class EndpointSubsetsTest {
    private static final Pod READY = EndpointFixtures.pod("a", "10.0.0.1", true, 8080);
    private static final Pod UNREADY = EndpointFixtures.pod("b", "10.0.0.2", false, 8080);
    private static final Pod OTHER_PORT = EndpointFixtures.pod("c", "10.0.0.3", true, 9090);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("ready and not ready", List.of(READY, UNREADY), false,
                        List.of("10.0.0.1|10.0.0.2|8080")),
                Arguments.of("publishNotReadyAddresses: all ready", List.of(READY, UNREADY), true,
                        List.of("10.0.0.1,10.0.0.2||8080")),
                Arguments.of("terminating pods are left out", List.of(READY, EndpointFixtures.terminating(UNREADY)),
                        false, List.of("10.0.0.1||8080")),
                Arguments.of("unless publishNotReadyAddresses",
                        List.of(READY, EndpointFixtures.terminating(READY)), true, List.of("10.0.0.1||8080")),
                Arguments.of("named port resolved per pod", List.of(READY, OTHER_PORT), false,
                        List.of("10.0.0.1||8080", "10.0.0.3||9090")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void listsPodsAsKubernetes(String name, List<Pod> pods, boolean publishNotReady, List<String> expected) {
        List<EndpointSubset> subsets = EndpointSubsets.of(
                EndpointFixtures.service(new IntOrString("http"), publishNotReady), pods);
        assertThat(subsets.stream().map(s -> ips(s.getAddresses()) + "|" + ips(s.getNotReadyAddresses()) + "|"
                + s.getPorts().get(0).getPort()).toList()).isEqualTo(expected);
    }

    @Test
    void storedEndpointsOfTheSamePodsNeedNoWrite() {
        KubernetesSerialization json = new KubernetesSerialization();
        Service service = EndpointFixtures.service(new IntOrString("http"), false);
        List<EndpointSubset> subsets = EndpointSubsets.of(service, List.of(READY, UNREADY, OTHER_PORT));
        Endpoints written = EndpointsSync.desired(service, null, subsets, Map.of(), Optional.empty());
        Endpoints stored = json.unmarshal(json.asJson(written), Endpoints.class);
        assertThat(EndpointsSync.upToDate(stored, EndpointSubsets.of(service, List.of(OTHER_PORT, UNREADY, READY)),
                Map.of())).isTrue();
        assertThat(EndpointsSync.upToDate(stored, EndpointSubsets.of(service, List.of(READY, UNREADY)), Map.of()))
                .isFalse();
        assertThat(EndpointsSync.upToDate(stored, subsets, Map.of("tier", "front"))).isFalse();
    }

    @Test
    void aHeadlessServiceWithoutPortsListsHostnamesOfItsSubdomain() {
        Service headless = new ServiceBuilder(EndpointFixtures.service(new IntOrString(80), false)).editSpec()
                .withClusterIP("None").withPorts(List.of()).endSpec().build();
        Pod member = new PodBuilder(READY).editSpec().withHostname("web-0").withSubdomain("web").endSpec().build();
        List<EndpointSubset> subsets = EndpointSubsets.of(headless, List.of(member, UNREADY));
        assertThat(subsets).singleElement().satisfies(subset -> {
            assertThat(subset.getPorts()).isEmpty();
            assertThat(subset.getAddresses()).singleElement().satisfies(a -> {
                assertThat(a.getIp()).isEqualTo("10.0.0.1");
                assertThat(a.getHostname()).isEqualTo("web-0");
                assertThat(a.getNodeName()).isEqualTo(EndpointFixtures.NODE);
                assertThat(a.getTargetRef().getName()).isEqualTo("a");
            });
            assertThat(ips(subset.getNotReadyAddresses())).isEqualTo("10.0.0.2");
        });
        Endpoints endpoints = EndpointsSync.desired(headless, null, subsets, Map.of(), Optional.empty());
        assertThat(endpoints.getMetadata().getLabels()).containsEntry("service.kubernetes.io/headless", "");
    }

    private static String ips(List<EndpointAddress> addresses) {
        return String.join(",", addresses.stream().map(EndpointAddress::getIp).toList());
    }
}
