package skiff.kubelet.staticpod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.kubelet.status.PodStatusWriter;

class StaticPodStatusesTest {
    private final List<String> written = new CopyOnWriteArrayList<>();
    private final AtomicReference<Pod> mirror = new AtomicReference<>();
    private final StaticPodStatuses statuses = new StaticPodStatuses(new PodStatusWriter() {
        @Override
        public void update(Pod pod, PodStatus status) {
            written.add(pod.getMetadata().getUid() + " " + status.getPhase() + " " + status.getQosClass());
        }

        @Override
        public void confirmDeletion(Pod pod) {
            written.add("delete " + pod.getMetadata().getUid());
        }
    }, pod -> Optional.ofNullable(mirror.get()));

    @AfterEach
    void close() {
        statuses.close();
    }

    private static Pod staticPod() throws InvalidManifestException {
        String yaml = """
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec: {containers: [{name: app, image: busybox}]}
                """;
        return StaticPodManifest.parse(yaml.getBytes(StandardCharsets.UTF_8), "/m/web.yaml", "n1");
    }

    private static Pod mirrorOf(Pod pod) {
        Pod m = MirrorPodClient.mirrorOf(pod, new NodeBuilder().withNewMetadata().withName("n1").withUid("node")
                .endMetadata().build());
        return new PodBuilder(m).editMetadata().withUid("mirror-uid").endMetadata()
                .withStatus(new PodStatusBuilder().withPhase("Pending").withQosClass("BestEffort").build()).build();
    }

    private static PodStatus running() {
        return new PodStatusBuilder().withPhase("Running").build();
    }

    @Test
    void aStaticPodsStatusGoesToItsMirrorWithTheApisQosClass() throws Exception {
        Pod pod = staticPod();
        mirror.set(mirrorOf(pod));

        statuses.update(pod, running());

        await().atMost(Duration.ofSeconds(10)).until(() -> written.equals(List.of("mirror-uid Running BestEffort")));
    }

    @Test
    void withoutMirrorTheStatusIsKeptForTheNextSync() throws Exception {
        Pod pod = staticPod();

        statuses.update(pod, running());

        assertThat(statuses.withReportedStatus(pod).getStatus().getPhase()).isEqualTo("Running");
        statuses.forget(pod.getMetadata().getUid());
        assertThat(statuses.withReportedStatus(pod).getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void apiPodsGoStraightToTheApi() {
        Pod apiPod = new PodBuilder().withNewMetadata().withName("a").withNamespace("default").withUid("api-uid")
                .endMetadata().withStatus(new PodStatusBuilder().withPhase("Pending").build()).build();

        statuses.update(apiPod, running());
        statuses.confirmDeletion(apiPod);

        assertThat(written).containsExactly("api-uid Running null", "delete api-uid");
        assertThat(statuses.withReportedStatus(apiPod)).isSameAs(apiPod);
    }

    @Test
    void staticPodsAreNeverDeletedThroughTheApi() throws Exception {
        statuses.confirmDeletion(staticPod());

        assertThat(written).isEmpty();
    }
}
