package skiff.client.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.time.FakeClock;

/** k/k pkg/api/v1/pod/util.go (1.32) IsPodAvailable, at the minReadySeconds boundary, on a clock the test moves. */
class PodReadinessTest {
    private static final Instant READY_SINCE = Instant.parse("2026-03-01T10:00:00Z");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("ready, minReadySeconds 0", ready("True", READY_SINCE), 0, Duration.ZERO, true),
                Arguments.of("ready for less than minReadySeconds", ready("True", READY_SINCE), 10,
                        Duration.ofSeconds(9), false),
                Arguments.of("ready for exactly minReadySeconds", ready("True", READY_SINCE), 10,
                        Duration.ofSeconds(10), false),
                Arguments.of("ready for just more than minReadySeconds", ready("True", READY_SINCE), 10,
                        Duration.ofSeconds(10).plusMillis(1), true),
                Arguments.of("not ready", ready("False", READY_SINCE), 0, Duration.ofHours(1), false),
                Arguments.of("ready with no transition time", ready("True", null), 10, Duration.ofHours(1), false),
                Arguments.of("no conditions", new PodBuilder().withNewMetadata().withName("p").endMetadata().build(),
                        0, Duration.ZERO, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void availability(String name, Pod pod, int minReadySeconds, Duration elapsed, boolean available) {
        FakeClock clock = new FakeClock(READY_SINCE);
        clock.advance(elapsed);

        assertThat(PodReadiness.isAvailable(pod, minReadySeconds, clock.now())).isEqualTo(available);
    }

    private static Pod ready(String status, Instant since) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus(status)
                .withLastTransitionTime(since == null ? null : since.toString()).endCondition().endStatus().build();
    }
}
