package skiff.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;
import skiff.kubelet.lifecycle.HandlerResult;
import skiff.kubelet.lifecycle.HandlerRunner;
import skiff.kubelet.runtime.FakeContainerRuntime;

class HandlerProbeRunnerTest {
    private static final String NO_FILE = "cat: can't open '/tmp/healthy': No such file or directory\n";
    private static final Probe CAT = new ProbeBuilder().withNewExec().withCommand("cat", "/tmp/healthy").endExec()
            .withTimeoutSeconds(1).build();

    private static HandlerResult probe(FakeContainerRuntime runtime) {
        HandlerRunner handlers = new HandlerRunner(runtime, new FakeClock(Instant.EPOCH));
        return new HandlerProbeRunner(handlers, null).run(CAT, new Container(), "c1", "10.0.0.2");
    }

    @Test
    void aFailedExecProbesMessageIsTheCommandsOutputAlone() {
        FakeContainerRuntime runtime = new FakeContainerRuntime(new FakeClock(Instant.EPOCH))
                .execTakes(Duration.ZERO, 1).execPrints(NO_FILE);

        HandlerResult result = probe(runtime);

        assertThat(result.outcome()).isEqualTo(HandlerResult.Outcome.FAILURE);
        assertThat(result.message()).isEqualTo(NO_FILE);
    }

    @Test
    void anExecProbeCutOffAtItsTimeoutFails() {
        FakeContainerRuntime runtime = new FakeContainerRuntime(new FakeClock(Instant.EPOCH))
                .execTakes(Duration.ofSeconds(5), 0);

        HandlerResult result = probe(runtime);

        assertThat(result.outcome()).isEqualTo(HandlerResult.Outcome.FAILURE);
        assertThat(result.message()).isEqualTo("command timed out after 1s");
    }
}
