package skiff.controllers.tainteviction;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import skiff.api.scheduling.Tolerations;

/** When a pod on a NoExecute-tainted node is evicted. */
class TolerationMatchTest {
    private static final Taint UNREACHABLE = new TaintBuilder().withKey("node.kubernetes.io/unreachable")
            .withEffect("NoExecute").build();
    private static final Taint NOT_READY = new TaintBuilder().withKey("node.kubernetes.io/not-ready")
            .withEffect("NoExecute").build();

    @Test
    void anUntoleratedTaintEvictsAtOnce() {
        assertThat(TolerationMatch.evictionDelay(List.of(UNREACHABLE), List.of(exists("other", 30L))))
                .contains(Duration.ZERO);
    }

    @Test
    void aToleratedTaintEvictsAfterTheTolerationSeconds() {
        assertThat(TolerationMatch.evictionDelay(List.of(UNREACHABLE),
                List.of(exists("node.kubernetes.io/unreachable", 300L)))).contains(Duration.ofSeconds(300));
    }

    @Test
    void theShortestTolerationAmongTheTaintsWins() {
        assertThat(TolerationMatch.evictionDelay(List.of(UNREACHABLE, NOT_READY), List.of(
                exists("node.kubernetes.io/unreachable", 300L), exists("node.kubernetes.io/not-ready", 20L))))
                .contains(Duration.ofSeconds(20));
    }

    @Test
    void aTolerationWithoutSecondsToleratesForever() {
        assertThat(TolerationMatch.evictionDelay(List.of(UNREACHABLE),
                List.of(exists("node.kubernetes.io/unreachable", null)))).isEmpty();
    }

    @Test
    void anEmptyKeyWithExistsToleratesEveryTaint() {
        assertThat(TolerationMatch.evictionDelay(List.of(UNREACHABLE, NOT_READY), List.of(exists("", null))))
                .isEmpty();
    }

    @Test
    void aTolerationForAnotherEffectDoesNotMatch() {
        Toleration noSchedule = new TolerationBuilder(exists("node.kubernetes.io/unreachable", null))
                .withEffect("NoSchedule").build();

        assertThat(TolerationMatch.evictionDelay(List.of(UNREACHABLE), List.of(noSchedule))).contains(Duration.ZERO);
    }

    @Test
    void equalNeedsTheSameValue() {
        Taint dedicated = new TaintBuilder().withKey("dedicated").withValue("db").withEffect("NoExecute").build();
        Toleration web = new TolerationBuilder().withKey("dedicated").withOperator("Equal").withValue("web").build();
        Toleration db = new TolerationBuilder().withKey("dedicated").withValue("db").build();

        assertThat(Tolerations.tolerates(web, dedicated)).isFalse();
        assertThat(Tolerations.tolerates(db, dedicated)).isTrue();
    }

    private static Toleration exists(String key, Long seconds) {
        return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect("NoExecute")
                .withTolerationSeconds(seconds).build();
    }
}
