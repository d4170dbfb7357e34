package skiff.controllers.endpointutil;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerTimeTrackerTest {
    private final Service service = EndpointFixtures.service(new IntOrString(80), false);
    private final Pod pod = EndpointFixtures.pod("a", "10.0.0.1", true, 80);

    @Test
    void reportsTheServiceCreationFirstThenOnlyChangedPods() {
        TriggerTimeTracker tracker = new TriggerTimeTracker();
        assertThat(tracker.compute(service, List.of(pod))).contains(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(tracker.compute(service, List.of(pod))).isEmpty();

        Pod flipped = new PodBuilder(pod).editStatus().editFirstCondition().withStatus("False")
                .withLastTransitionTime("2026-01-01T00:05:00Z").endCondition().endStatus().build();
        Pod other = new PodBuilder(EndpointFixtures.pod("b", "10.0.0.2", true, 80)).editStatus().editFirstCondition()
                .withLastTransitionTime("2026-01-01T00:07:00Z").endCondition().endStatus().build();
        assertThat(tracker.compute(service, List.of(flipped, other))).contains(Instant.parse("2026-01-01T00:05:00Z"));

        tracker.deleteService("web", "web");
        assertThat(tracker.compute(service, List.of(flipped))).contains(Instant.parse("2026-01-01T00:00:00Z"));
    }
}
