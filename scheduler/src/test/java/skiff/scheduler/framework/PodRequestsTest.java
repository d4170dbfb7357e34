package skiff.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

class PodRequestsTest {
    @Test
    void appContainersAddUp() {
        Pod pod = Pods.pod("p").editSpec().withContainers(
                container("a", "100m", "1Gi"), container("b", "250m", "512Mi")).endSpec().build();

        assertThat(PodRequests.of(pod)).isEqualTo(new Resources(350, 1536L << 20, 0));
    }

    @Test
    void theLargestInitContainerWinsWhenItExceedsTheAppContainers() {
        Pod pod = Pods.pod("p").editSpec().withContainers(container("a", "100m", "1Gi"))
                .withInitContainers(container("i1", "2", "100Mi"), container("i2", "500m", "3Gi")).endSpec().build();

        assertThat(PodRequests.of(pod)).isEqualTo(new Resources(2000, 3L << 30, 0));
    }

    @Test
    void sidecarsAddToTheAppContainersAndToLaterInitContainers() {
        Pod pod = Pods.pod("p").editSpec().withContainers(container("a", "100m", "100Mi"))
                .withInitContainers(new ContainerBuilder(container("side", "200m", "100Mi")).withRestartPolicy("Always")
                        .build(), container("init", "1", "50Mi")).endSpec().build();

        // max(app 100m + sidecar 200m, init 1 + sidecar 200m) cpu; max(200Mi, 150Mi) memory.
        assertThat(PodRequests.of(pod)).isEqualTo(new Resources(1200, 200L << 20, 0));
    }

    @Test
    void overheadIsAdded() {
        Pod pod = Pods.pod("p").editSpec().withContainers(container("a", "100m", "100Mi"))
                .withOverhead(Pods.requests("50m", "10Mi")).endSpec().build();

        assertThat(PodRequests.of(pod)).isEqualTo(new Resources(150, 110L << 20, 0));
    }

    @Test
    void scoringCountsDefaultsForContainersWithoutRequests() {
        Pod pod = Pods.pod("p").editSpec().withContainers(container("a", null, "1Gi"), container("b", null, null))
                .endSpec().build();

        assertThat(PodRequests.of(pod)).isEqualTo(new Resources(0, 1L << 30, 0));
        assertThat(PodRequests.nonZero(pod)).isEqualTo(new Resources(200, (1L << 30) + (200L << 20), 0));
    }

    private static io.fabric8.kubernetes.api.model.Container container(String name, String cpu, String memory) {
        return new ContainerBuilder().withName(name).withImage("busybox").withNewResources()
                .withRequests(Pods.requests(cpu, memory)).endResources().build();
    }
}
