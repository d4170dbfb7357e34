package skiff.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class LogContainerChoiceTest {

    private static Pod pod(ContainerStatusBuilder status) {
        return new PodBuilder().withNewMetadata().withName("x").endMetadata().withNewStatus()
                .withContainerStatuses(status.withName("c").build()).endStatus().build();
    }

    private static ContainerStatusBuilder running(String id) {
        return new ContainerStatusBuilder().withContainerID("process://" + id).withNewState().withNewRunning()
                .endRunning().endState();
    }

    @Test
    void theRunningAttemptIsRead() {
        assertThat(LogContainerChoice.choose(pod(running("b")), "c", false))
                .isEqualTo(new LogContainerChoice.Attempt("b"));
    }

    @Test
    void previousReadsTheLastTerminatedAttempt() {
        Pod pod = pod(running("b").withNewLastState().withNewTerminated().withContainerID("process://a")
                .withExitCode(1).endTerminated().endLastState());

        assertThat(LogContainerChoice.choose(pod, "c", true)).isEqualTo(new LogContainerChoice.Attempt("a"));
    }

    @Test
    void previousWithoutAnEarlierAttemptIsRefused() {
        assertThat(LogContainerChoice.choose(pod(running("b")), "c", true)).isEqualTo(new LogContainerChoice.Refused(
                "previous terminated container \"c\" in pod \"x\" not found"));
    }

    @Test
    void aWaitingContainerIsRefusedWithItsReason() {
        Pod pod = pod(new ContainerStatusBuilder().withNewState().withNewWaiting().withReason("ContainerCreating")
                .endWaiting().endState());

        assertThat(LogContainerChoice.choose(pod, "c", false)).isEqualTo(new LogContainerChoice.Refused(
                "container \"c\" in pod \"x\" is waiting to start: ContainerCreating"));
    }

    @Test
    void aContainerWithoutStatusIsNotAvailable() {
        assertThat(LogContainerChoice.choose(pod(running("b")), "other", false)).isEqualTo(
                new LogContainerChoice.Refused("container \"other\" in pod \"x\" is not available"));
    }
}
