package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static skiff.e2e.kubelet.StaticPodTest.NODE;
import static skiff.e2e.kubelet.StaticPodTest.container;
import static skiff.e2e.kubelet.StaticPodTest.get;
import static skiff.e2e.kubelet.StaticPodTest.manifest;
import static skiff.e2e.kubelet.StaticPodTest.processRuns;
import static skiff.e2e.kubelet.StaticPodTest.running;
import static skiff.e2e.kubelet.StaticPodTest.writeManifest;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.e2e.SkiffProcess;

/**
 * A whole {@code skiff server} restart on the same data directory: the static pods start again from their manifests
 * and the mirrors in the API catch up with what changed in the directory while the server was down.
 */
class StaticPodRestartTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path base;

    @Test
    void afterARestartTheStaticPodsRunAgainAndStaleMirrorsAreReplaced() throws IOException {
        Path manifests = Files.createDirectories(base.resolve("manifests"));
        Path work = Files.createDirectories(base.resolve("work"));
        writeManifest(manifests, "kept.yaml", manifest(work, "kept", "kept-before"));
        writeManifest(manifests, "changed.yaml", manifest(work, "changed", "changed-before"));
        SkiffProcess server = SkiffProcess.start(base.resolve("data"),
                List.of("--node-name", NODE, "--pod-manifest-path", manifests.toString()));
        try {
            var kubectl = server.kubectl(Files.createDirectories(base.resolve("kubectl")));
            Pod kept = running(kubectl, "kept-" + NODE);
            Pod changed = running(kubectl, "changed-" + NODE);

            server.stop();
            assertThat(processRuns("kept-before")).isFalse();
            writeManifest(manifests, "changed.yaml", manifest(work, "changed", "changed-after"));
            server = server.restart();

            Pod keptAgain = await().atMost(DEADLINE).until(() -> running(kubectl, "kept-" + NODE),
                    p -> !container(p).getContainerID().equals(container(kept).getContainerID()));
            assertThat(keptAgain.getMetadata().getAnnotations().get("kubernetes.io/config.mirror"))
                    .isEqualTo(kept.getMetadata().getAnnotations().get("kubernetes.io/config.mirror"));
            assertThat(processRuns("kept-before")).isTrue();
            Pod replaced = await().atMost(DEADLINE).until(() -> get(kubectl, "changed-" + NODE).orElse(null),
                    p -> p != null && !p.getMetadata().getUid().equals(changed.getMetadata().getUid())
                            && "Running".equals(p.getStatus().getPhase()));
            assertThat(replaced.getMetadata().getAnnotations().get("kubernetes.io/config.mirror"))
                    .isNotEqualTo(changed.getMetadata().getAnnotations().get("kubernetes.io/config.mirror"));
            assertThat(processRuns("changed-after")).isTrue();
            assertThat(processRuns("changed-before")).isFalse();
        } finally {
            server.close();
        }
    }
}
