package skiff.controllers.endpointutil;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodEndpointsTest {
    private static final Pod RUNNING = EndpointFixtures.pod("p", "10.0.0.1", true, 80);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("running with an IP", RUNNING, false, true),
                Arguments.of("terminating, not included", EndpointFixtures.terminating(RUNNING), false, false),
                Arguments.of("terminating, included", EndpointFixtures.terminating(RUNNING), true, true),
                Arguments.of("succeeded", withPhase("Succeeded"), true, false),
                Arguments.of("failed", withPhase("Failed"), true, false),
                Arguments.of("no IP yet", new PodBuilder(RUNNING).editStatus().withPodIP(null).withPodIPs()
                        .endStatus().build(), true, false),
                Arguments.of("only status.podIP", new PodBuilder(RUNNING).editStatus().withPodIPs().endStatus()
                        .build(), false, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesWhichPodsAreListed(String name, Pod pod, boolean includeTerminating, boolean expected) {
        assertThat(PodEndpoints.shouldBeInEndpoints(pod, includeTerminating)).isEqualTo(expected);
    }

    private static Pod withPhase(String phase) {
        return new PodBuilder(RUNNING).editStatus().withPhase(phase).endStatus().build();
    }
}
