package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM stops a running server (kubelet, controllers, scheduler, API server, store) without logging any error:
 * every client closes its connections before its event loops stop.
 */
class CleanStopTest {
    @TempDir
    Path dir;

    @Test
    void aServerStoppedWithSigtermLogsNoErrorOnItsWayOut() {
        SkiffProcess server = SkiffProcess.start(dir.resolve("data"));
        try {
            Kubectl kubectl = server.kubectl(dir);
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
            assertThat(stopping.lines().filter(line -> line.contains("ERROR") || line.contains("Exception")))
                    .as("lines logged while stopping:%n%s", stopping).isEmpty();
        } finally {
            server.close();
        }
    }
}
