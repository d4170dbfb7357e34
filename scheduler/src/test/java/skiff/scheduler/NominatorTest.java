package skiff.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.scheduler.framework.Pods;

/**
 * Where the nominator has a pending pod after an update, case by case (k/k backend/queue/nominator.go
 * updateNominatedPodUnlocked): what the scheduler nominated in memory, the old and new status.nominatedNodeName.
 */
class NominatorTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a nomination in the status is taken", null, "", "n1", Optional.of("n1")),
                Arguments.of("a changed nomination replaces the one in memory", "n1", "n1", "n2", Optional.of("n2")),
                Arguments.of("a cleared nomination is dropped", "n1", "n1", "", Optional.empty()),
                Arguments.of("an update before the scheduler's own write keeps its nomination", "n1", "", "",
                        Optional.of("n1")),
                Arguments.of("no nomination anywhere", null, "", "", Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void updates(String name, String inMemory, String before, String after, Optional<String> expected) {
        Nominator nominator = new Nominator();
        Pod old = nominated(before);
        if (inMemory != null) {
            nominator.nominate(old, inMemory);
        }

        nominator.update(old, nominated(after));

        assertThat(nominator.nodeOf(old.getMetadata().getUid())).isEqualTo(expected);
        for (String node : java.util.List.of("n1", "n2")) {
            assertThat(nominator.on(node)).extracting(p -> p.getMetadata().getName())
                    .isEqualTo(expected.equals(Optional.of(node)) ? java.util.List.of("pending") : java.util.List.of());
        }
    }

    private static Pod nominated(String node) {
        return new PodBuilder(Pods.pod("pending").build()).withNewStatus().withNominatedNodeName(node.isEmpty() ? null
                : node).endStatus().build();
    }
}
