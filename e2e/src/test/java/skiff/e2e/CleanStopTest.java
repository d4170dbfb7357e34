package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM stops a running agent (kubelet server, pods, API client), and then a running server (kubelet, controllers,
 * scheduler, API server, store), each logging only Skiff's own lines of what stopped: every client closes its
 * connections, and every worker writing to a connection ends, before its event loops stop.
 */
class CleanStopTest {
    // Skiff's own INFO lines ("controller=... stopped", "kubelet stopped"), without a failure: no warning, no error,
    // no library's note of a watch or connection its own stop ended (fabric8's "Unknown Watch error", Netty's
    // refused channel). Vert.x's blocked-thread checker reports a starved CPU on a loaded machine, not a failure.
    private static final Pattern STOPPING_LINE = Pattern.compile(
            "\\S+ INFO  \\[[^\\]]+\\] skiff\\.\\S+ - (?!.* err=\").*"
            + "|\\S+ WARN  \\[vertx-blocked-thread-checker\\] io\\.vertx\\.core\\.impl\\.BlockedThreadChecker - .*");

    @TempDir
    Path dir;

    @Test
    void anAgentAndThenAServerStoppedWithSigtermLogNoErrorOnTheirWayOut() {
        SkiffProcess server = SkiffProcess.start(dir.resolve("data"));
        try {
            Kubectl kubectl = server.kubectl(dir);
            String agentStopping;
            try (SkiffAgentProcess agent = SkiffAgentProcess.start(server, "agent-1", dir.resolve("agent"))) {
                kubectl.succeed("run", "on-agent", "--image=busybox", "--restart=Never",
                        "--overrides={\"spec\":{\"nodeName\":\"agent-1\"}}", "--command", "--", "sleep", "3600");
                kubectl.succeed("wait", "--for=condition=Ready", "pod/on-agent", "--timeout=90s");
                int agentBefore = agent.output().length();

                agent.close();

                agentStopping = agent.output().substring(agentBefore);
            }
            assertThat(agentStopping).contains("kubelet stopped node=agent-1");
            assertThat(agentStopping.lines().filter(line -> !STOPPING_LINE.matcher(line).matches()))
                    .as("lines the agent logged while stopping:%n%s", agentStopping).isEmpty();

            kubectl.succeed("create", "namespace", "work");
            kubectl.succeed("create", "configmap", "settings", "-n", "work", "--from-literal=color=blue");
            // Settled: the controllers' informers have synced (the garbage collector's, over every resource, last),
            // the service account controller acted on the namespace, and the kubelet's node is registered.
            await().atMost(Duration.ofSeconds(90)).until(() -> server.output().contains(
                    "controller=garbagecollector-orphan caches synced") && server.output().contains(
                    "controller=garbagecollector-delete caches synced"));
            await().atMost(Duration.ofSeconds(60)).until(() -> kubectl.run("get", "serviceaccount", "default", "-n",
                    "work").exitCode() == 0);
            kubectl.succeed("get", "nodes");
            int before = server.output().length();

            server.stop();

            String stopping = server.output().substring(before);
            assertThat(stopping).contains("stopped url=" + server.url());
            assertThat(stopping.lines().filter(line -> !STOPPING_LINE.matcher(line).matches()))
                    .as("lines logged while stopping:%n%s", stopping).isEmpty();
        } finally {
            server.close();
        }
    }
}
