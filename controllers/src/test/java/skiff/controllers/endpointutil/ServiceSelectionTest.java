package skiff.controllers.endpointutil;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceSelectionTest {
    private static final Service SELECTING = EndpointFixtures.service(new IntOrString(80), false);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a selector", SELECTING, true),
                Arguments.of("no selector (the kubernetes Service)",
                        new ServiceBuilder(SELECTING).editSpec().withSelector(null).endSpec().build(), false),
                Arguments.of("an empty selector",
                        new ServiceBuilder(SELECTING).editSpec().withSelector(Map.of()).endSpec().build(), false),
                Arguments.of("ExternalName",
                        new ServiceBuilder(SELECTING).editSpec().withType("ExternalName").endSpec().build(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void managesOnlyServicesWithASelector(String name, Service service, boolean managed) {
        assertThat(ServiceSelection.managed(service)).isEqualTo(managed);
    }
}
