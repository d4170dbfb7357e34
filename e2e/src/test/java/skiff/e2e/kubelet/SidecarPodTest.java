package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import skiff.server.KubeletOptions.RuntimeKind;

/**
 * Sidecar containers (init containers with {@code restartPolicy: Always}) on both runtimes: a sidecar starts before
 * the next init container and runs beside the app, counts in readiness, is started again when it exits even under
 * {@code restartPolicy: Never}, and is stopped once the app has completed (docs sidecar-containers.md).
 */
class SidecarPodTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String NODE = RuntimeServers.NODE;

    @RegisterExtension
    static final RuntimeServers servers = new RuntimeServers();

    @TempDir
    Path work;

    private static Pod get(KubernetesClient client) {
        return client.pods().inNamespace("default").withName("job").get();
    }

    private static String ready(Pod pod) {
        return pod.getStatus().getConditions() == null ? null : pod.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready")).map(PodCondition::getStatus).findFirst().orElse(null);
    }

    private static ContainerStatus init(Pod pod, int index) {
        return pod.getStatus().getInitContainerStatuses().get(index);
    }

    private long starts() throws IOException {
        Path file = work.resolve("proxy.starts");
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void aSidecarRunsBesideTheAppIsRestartedUnderNeverAndStopsOnceTheAppCompletes(RuntimeKind runtime)
            throws IOException {
        KubernetesClient client = servers.client(runtime);
        String w = TestPod.volume("work");
        // The sidecar counts its starts; its first run exits 1 once "crash" exists, later ones run until stopped.
        client.pods().inNamespace("default").resource(TestPod.named("job", NODE).restartPolicy("Never")
                .gracePeriod(2).hostPath("work", work.toString())
                .init(TestPod.shell("proxy", "echo started >> " + w + "/proxy.starts; touch " + w + "/proxy.up; "
                        + "if [ ! -f " + w + "/proxy.again ]; then touch " + w + "/proxy.again; "
                        + "while [ ! -f " + w + "/crash ]; do sleep 0.2; done; exit 1; fi; exec sleep 3600").withRestartPolicy("Always")
                        .withNewReadinessProbe().withNewExec().withCommand("sh", "-c", "test -f " + w + "/proxy.up")
                        .endExec().withPeriodSeconds(1).endReadinessProbe())
                .init("setup", "test -f " + w + "/proxy.up")
                .container("main", "while [ ! -f " + w + "/finish ]; do sleep 0.2; done")
                .build()).create();

        // The init container after the sidecar found it running, and the pod is ready with both.
        await().atMost(DEADLINE).until(() -> "True".equals(ready(get(client))));
        Pod running = get(client);
        assertThat(init(running, 1).getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(init(running, 0).getReady()).isTrue();
        assertThat(init(running, 0).getStarted()).isTrue();
        assertThat(running.getStatus().getContainerStatuses().getFirst().getReady()).isTrue();

        // The sidecar exits: it is started again although the pod's policy is Never.
        Files.writeString(work.resolve("crash"), "");
        await().atMost(DEADLINE).until(() -> starts() == 2);
        await().atMost(DEADLINE).until(() -> init(get(client), 0).getRestartCount() == 1
                && init(get(client), 0).getState().getRunning() != null);
        assertThat(init(get(client), 0).getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(get(client).getStatus().getPhase()).isEqualTo("Running");
        assertThat(init(get(client), 1).getRestartCount()).isZero();

        // The app completes: the sidecar is stopped and the pod succeeds.
        Files.writeString(work.resolve("finish"), "");
        await().atMost(DEADLINE).until(() -> "Succeeded".equals(get(client).getStatus().getPhase()));
        Pod done = get(client);
        assertThat(done.getStatus().getContainerStatuses().getFirst().getState().getTerminated().getReason())
                .isEqualTo("Completed");
        assertThat(init(done, 0).getState().getTerminated()).isNotNull();
        client.pods().inNamespace("default").withName("job").delete();
    }
}
