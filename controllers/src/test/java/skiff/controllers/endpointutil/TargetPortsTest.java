package skiff.controllers.endpointutil;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TargetPortsTest {

    static Stream<Arguments> cases() {
        Pod pod = new PodBuilder(EndpointFixtures.pod("p", "10.0.0.1", true, 8080)).editSpec()
                .editFirstContainer().addToPorts(new ContainerPortBuilder().withName("dns").withContainerPort(53)
                        .withProtocol("UDP").build()).endContainer()
                .addToInitContainers(new ContainerBuilder().withName("sidecar").withRestartPolicy("Always")
                        .addToPorts(new ContainerPortBuilder().withName("metrics").withContainerPort(9090).build())
                        .build())
                .addToInitContainers(new ContainerBuilder().withName("setup")
                        .addToPorts(new ContainerPortBuilder().withName("setup").withContainerPort(7070).build())
                        .build())
                .endSpec().build();
        return Stream.of(
                Arguments.of("a number is taken as is", pod, port(new IntOrString(9000), "TCP"), OptionalInt.of(9000)),
                Arguments.of("a name is looked up", pod, port(new IntOrString("http"), "TCP"), OptionalInt.of(8080)),
                Arguments.of("unset protocol means TCP", pod, port(new IntOrString("http"), null),
                        OptionalInt.of(8080)),
                Arguments.of("the protocol must match", pod, port(new IntOrString("http"), "UDP"), OptionalInt.empty()),
                Arguments.of("a UDP name", pod, port(new IntOrString("dns"), "UDP"), OptionalInt.of(53)),
                Arguments.of("sidecars' ports count", pod, port(new IntOrString("metrics"), "TCP"),
                        OptionalInt.of(9090)),
                Arguments.of("other init containers' do not", pod, port(new IntOrString("setup"), "TCP"),
                        OptionalInt.empty()),
                Arguments.of("an unknown name", pod, port(new IntOrString("nope"), "TCP"), OptionalInt.empty()),
                Arguments.of("no target port is the port", pod, port(null, "TCP"), OptionalInt.of(80)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolvesTargetPortsPerPod(String name, Pod pod, ServicePort servicePort, OptionalInt expected) {
        assertThat(TargetPorts.find(pod, servicePort)).isEqualTo(expected);
    }

    private static ServicePort port(IntOrString target, String protocol) {
        return new ServicePortBuilder().withPort(80).withProtocol(protocol).withTargetPort(target).build();
    }
}
