package skiff.controllers.endpointslice;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.controllers.endpointutil.EndpointFixtures;

class SliceEndpointsTest {

    static Stream<Arguments> conditions() {
        // ready pod?, terminating?, publishNotReadyAddresses? -> ready, serving, terminating
        return Stream.of(
                Arguments.of(true, false, false, true, true, false),
                Arguments.of(false, false, false, false, false, false),
                Arguments.of(true, true, false, false, true, true),
                Arguments.of(false, true, false, false, false, true),
                Arguments.of(false, false, true, true, false, false),
                Arguments.of(true, true, true, true, true, true),
                Arguments.of(false, true, true, true, false, true));
    }

    @ParameterizedTest(name = "ready={0} terminating={1} publishNotReady={2}")
    @MethodSource("conditions")
    void setsConditionsAsKubernetes(boolean podReady, boolean deleting, boolean publishNotReady, boolean ready,
            boolean serving, boolean terminating) {
        Pod pod = EndpointFixtures.pod("a", "10.0.0.1", podReady, 80);
        if (deleting) {
            pod = EndpointFixtures.terminating(pod);
        }
        Endpoint endpoint = SliceEndpoints.forPod(pod, EndpointFixtures.node(null),
                EndpointFixtures.service(new IntOrString(80), publishNotReady), "IPv4");
        assertThat(List.of(endpoint.getConditions().getReady(), endpoint.getConditions().getServing(),
                endpoint.getConditions().getTerminating())).containsExactly(ready, serving, terminating);
    }

    @Test
    void carriesAddressNodeZoneTargetAndHostnameForItsSubdomain() {
        Pod pod = new PodBuilder(EndpointFixtures.pod("web-0", "10.0.0.1", true, 80)).editSpec().withHostname("web-0")
                .withSubdomain("web").endSpec().build();
        Endpoint endpoint = SliceEndpoints.forPod(pod, EndpointFixtures.node("zone-a"),
                EndpointFixtures.service(new IntOrString(80), false), "IPv4");
        assertThat(endpoint.getAddresses()).containsExactly("10.0.0.1");
        assertThat(endpoint.getNodeName()).isEqualTo(EndpointFixtures.NODE);
        assertThat(endpoint.getZone()).isEqualTo("zone-a");
        assertThat(endpoint.getHostname()).isEqualTo("web-0");
        assertThat(endpoint.getTargetRef().getKind()).isEqualTo("Pod");
        assertThat(endpoint.getTargetRef().getUid()).isEqualTo("uid-web-0");

        Service other = new ServiceBuilder(EndpointFixtures.service(new IntOrString(80), false)).editMetadata()
                .withName("other").endMetadata().build();
        assertThat(SliceEndpoints.forPod(pod, null, other, "IPv4").getHostname()).isNull();
        assertThat(SliceEndpoints.forPod(pod, null, other, "IPv6").getAddresses()).isEmpty();
    }

    @Test
    void resolvesNamedPortsPerPod() {
        Service service = EndpointFixtures.service(new IntOrString("http"), false);
        assertThat(SliceEndpoints.ports(service, EndpointFixtures.pod("a", "10.0.0.1", true, 8080)))
                .singleElement().satisfies(p -> {
                    assertThat(p.getPort()).isEqualTo(8080);
                    assertThat(p.getName()).isEqualTo("http");
                    assertThat(p.getProtocol()).isEqualTo("TCP");
                });
    }
}
