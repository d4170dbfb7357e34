package skiff.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

class CycleRequestsTest {
    @Test
    void answersForThePodAskedAbout() {
        CycleRequests cycle = new CycleRequests();
        Pod small = Pods.requesting("small", "100m", "500Mi");
        Pod large = Pods.requesting("large", "2", null);

        assertThat(cycle.of(small)).isEqualTo(PodRequests.of(small));
        assertThat(cycle.nonZero(small)).isEqualTo(PodRequests.nonZero(small));
        assertThat(cycle.of(large)).isEqualTo(new Resources(2000, 0, 0));
        assertThat(cycle.nonZero(large)).isEqualTo(new Resources(2000, PodRequests.DEFAULT_MEMORY, 0));
        assertThat(cycle.of(small)).isEqualTo(new Resources(100, 500L << 20, 0));
    }
}
