package skiff.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.scheduler.framework.PreemptionPods.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which candidate node preemption picks, rule by rule (the shape of k/k preemption_test.go
 * TestPickOneNodeForPreemption): each case has candidates that tie on every earlier rule.
 */
class CandidatePickerTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("fewest budget violations first, even with more important victims",
                        List.of(candidate("a", 1, pod("a1", 1, "1", 0)),
                                candidate("b", 0, pod("b1", 50, "1", 0), pod("b2", 50, "1", 0))),
                        "b"),
                Arguments.of("then the lowest priority of the most important victim",
                        List.of(candidate("a", 0, pod("a1", 5, "1", 0)),
                                candidate("b", 0, pod("b1", 3, "1", 0), pod("b2", 3, "1", 0), pod("b3", 2, "1", 0))),
                        "b"),
                Arguments.of("then the smallest sum of priorities",
                        List.of(candidate("a", 0, pod("a1", 5, "1", 0), pod("a2", 4, "1", 0)),
                                candidate("b", 0, pod("b1", 5, "1", 0), pod("b2", 1, "1", 0))),
                        "b"),
                Arguments.of("negative priorities do not make more victims cheaper",
                        List.of(candidate("a", 0, pod("a1", -5, "1", 0), pod("a2", -5, "1", 0)),
                                candidate("b", 0, pod("b1", -5, "1", 0))),
                        "b"),
                Arguments.of("then the fewest victims (sums tie only at the lowest priority)",
                        List.of(candidate("a", 0, pod("a1", Integer.MIN_VALUE, "1", 0),
                                        pod("a2", Integer.MIN_VALUE, "1", 0)),
                                candidate("b", 0, pod("b1", Integer.MIN_VALUE, "1", 0))),
                        "b"),
                Arguments.of("then the latest start among the most important victims",
                        List.of(candidate("a", 0, pod("a1", 2, "1", 5), pod("a2", 1, "1", 50)),
                                candidate("b", 0, pod("b1", 2, "1", 20), pod("b2", 1, "1", 1))),
                        "b"),
                Arguments.of("a victim not started yet counts as starting now",
                        List.of(candidate("a", 0, pod("a1", 2, "1", 59)),
                                candidate("b", 0, new PodBuilder(pod("b1", 2, "1", 0)).withStatus(null).build())),
                        "b"),
                Arguments.of("then the first in the list",
                        List.of(candidate("a", 0, pod("a1", 2, "1", 5)), candidate("b", 0, pod("b1", 2, "1", 5))),
                        "a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void picksTheNode(String name, List<Candidate> candidates, String expected) {
        assertThat(CandidatePicker.pick(candidates, NOW).node()).isEqualTo(expected);
    }

    private static Candidate candidate(String node, int violations, Pod... victims) {
        return new Candidate(node, List.of(victims), violations);
    }
}
