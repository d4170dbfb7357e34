package skiff.kubelet.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GracePeriodTest {

    @Test
    void theDeletionGracePeriodWinsOverTheSpecs() {
        assertThat(GracePeriod.forPod(TestPods.deleting(TestPods.pod(), 7))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aZeroDeletionGracePeriodFallsBackToTheSpecs() {
        assertThat(GracePeriod.forPod(TestPods.deleting(TestPods.pod(), 0))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aZeroSpecGracePeriodIsStillOneSecond() {
        var pod = new PodBuilder(TestPods.pod()).editSpec().withTerminationGracePeriodSeconds(0L).endSpec().build();

        assertThat(GracePeriod.forPod(pod)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aPreStopHookUsesUpTheGracePeriodDownToTwoSeconds() {
        assertThat(GracePeriod.afterPreStop(Duration.ofSeconds(10), Duration.ofSeconds(3)))
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(GracePeriod.afterPreStop(Duration.ofSeconds(5), Duration.ofSeconds(5)))
                .isEqualTo(Duration.ofSeconds(2));
    }
}
