package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static skiff.e2e.kubelet.StaticPodTest.container;
import static skiff.e2e.kubelet.StaticPodTest.get;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.e2e.Kubectl;
import skiff.e2e.SkiffProcess;

/**
 * A {@code skiff server} stopped with SIGTERM and started again on the same data directory: its shutdown stops the
 * containers, and each one comes back as a restart whose last state is that stop, with its real exit code, and whose
 * previous log is the stopped instance's, whatever the pod's restart policy. After a kill -9 the same, with the exit
 * code and reason containerd gives a container lost with its runtime.
 */
class ContainerHistoryRestartTest {
    private static final String NODE = "history-node";
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path base;

    private static String pods(Path work) {
        // The first instance fails; the ones after it count themselves and keep running.
        String script = "n=`cat $SKIFF_VOLUME_WORK/count 2>/dev/null || echo 0`; n=`expr $n + 1`;"
                + " echo $n > $SKIFF_VOLUME_WORK/count; echo instance $n; test $n -gt 1 || exit 3; exec sleep 3600";
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: flaky}
                spec:
                  nodeName: %s
                  volumes: [{name: work, hostPath: {path: '%s'}}]
                  containers:
                  - name: app
                    image: busybox
                    command: [sh, -c, '%s']
                    volumeMounts: [{name: work, mountPath: /work}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: once}
                spec:
                  nodeName: %s
                  restartPolicy: Never
                  containers:
                  - {name: app, image: busybox, command: [sh, -c, 'echo once; exec sleep 3600']}
                """.formatted(NODE, work, script, NODE);
    }

    private static Pod runningWithRestarts(Kubectl kubectl, String name, int restarts) {
        return await().atMost(DEADLINE).until(() -> get(kubectl, name).orElse(null),
                p -> p != null && "Running".equals(p.getStatus().getPhase())
                        && p.getStatus().getContainerStatuses() != null
                        && !p.getStatus().getContainerStatuses().isEmpty()
                        && container(p).getState().getRunning() != null
                        && container(p).getRestartCount() == restarts);
    }

    @Test
    void aContainerKeepsItsRestartsLastStateAndPreviousLogAcrossARestartOfSkiff() throws IOException {
        Path work = Files.createDirectories(base.resolve("work"));
        SkiffProcess server = SkiffProcess.start(base.resolve("data"), List.of("--node-name", NODE));
        try {
            Kubectl kubectl = server.kubectl(Files.createDirectories(base.resolve("kubectl")));
            kubectl.succeed("create", "-f", kubectl.file("pods.yaml", pods(work)));
            Pod flaky = runningWithRestarts(kubectl, "flaky", 1);
            Pod once = runningWithRestarts(kubectl, "once", 0);
            assertThat(container(flaky).getLastState().getTerminated().getExitCode()).isEqualTo(3);
            assertThat(kubectl.succeed("logs", "flaky", "--previous").stdout()).isEqualTo("instance 1\n");

            server.stop();
            server = server.restart();

            Pod flakyAfter = runningWithRestarts(kubectl, "flaky", 2);
            ContainerStateTerminated stopped = container(flakyAfter).getLastState().getTerminated();
            // The shutdown's SIGTERM ended the previous instance (sh exec'd sleep): 128 + 15.
            assertThat(stopped.getContainerID()).isEqualTo(container(flaky).getContainerID());
            assertThat(stopped.getExitCode()).isEqualTo(143);
            assertThat(stopped.getReason()).isEqualTo("Error");
            assertThat(stopped.getStartedAt()).isEqualTo(container(flaky).getState().getRunning().getStartedAt());
            assertThat(kubectl.succeed("logs", "flaky", "--previous").stdout()).isEqualTo("instance 2\n");
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(kubectl.succeed("logs", "flaky").stdout())
                    .isEqualTo("instance 3\n"));

            // Under restartPolicy Never too: the pod did not end because Skiff restarted.
            Pod onceAfter = runningWithRestarts(kubectl, "once", 1);
            assertThat(container(onceAfter).getLastState().getTerminated().getContainerID())
                    .isEqualTo(container(once).getContainerID());
            assertThat(kubectl.succeed("logs", "once", "--previous").stdout()).isEqualTo("once\n");

            server.kill9();
            server = server.restart();

            Pod flakyLost = runningWithRestarts(kubectl, "flaky", 3);
            ContainerStateTerminated lost = container(flakyLost).getLastState().getTerminated();
            assertThat(lost.getContainerID()).isEqualTo(container(flakyAfter).getContainerID());
            assertThat(lost.getExitCode()).isEqualTo(255);
            assertThat(lost.getReason()).isEqualTo("Unknown");
            assertThat(kubectl.succeed("logs", "flaky", "--previous").stdout()).isEqualTo("instance 3\n");
        } finally {
            server.close();
        }
    }
}
