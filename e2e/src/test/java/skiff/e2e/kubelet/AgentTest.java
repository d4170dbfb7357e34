package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.e2e.Kubectl;
import skiff.e2e.KubectlResult;
import skiff.e2e.SkiffAgentProcess;
import skiff.e2e.SkiffProcess;

/**
 * {@code skiff agent} as a process of its own joins a {@code skiff server --no-kubelet}: its Node registers, a pod
 * bound to it runs, and {@code kubectl logs} and {@code kubectl exec} reach it through the server.
 */
class AgentTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void anAgentRunsItsPodsAndServesTheirLogsAndExecThroughTheServer() {
        try (SkiffProcess server = SkiffProcess.start(dir.resolve("server"), List.of("--no-kubelet"));
                SkiffAgentProcess agent = SkiffAgentProcess.start(server, "agent-1", dir.resolve("agent"))) {
            Kubectl kubectl = server.kubectl(dir);
            assertThat(kubectl.succeed("get", "nodes", "-o", "name").stdout()).isEqualTo("node/agent-1\n");
            kubectl.succeed("run", "hello", "--image=busybox", "--restart=Never",
                    "--overrides={\"spec\":{\"nodeName\":\"agent-1\"}}", "--command", "--",
                    "sh", "-c", "echo hello from the agent; sleep 3600");
            kubectl.succeed("wait", "--for=condition=Ready", "pod/hello", "--timeout=90s");

            assertThat(await().atMost(DEADLINE).until(() -> kubectl.run("logs", "hello"), KubectlResult::succeeded)
                    .stdout()).isEqualTo("hello from the agent\n");
            KubectlResult exec = kubectl.run("exec", "hello", "--", "sh", "-c", "echo $HOSTNAME >/dev/null; "
                    + "echo in-agent; exit 4");
            assertThat(exec.stdout()).isEqualTo("in-agent\n");
            assertThat(exec.exitCode()).isEqualTo(4);
        }
    }
}
