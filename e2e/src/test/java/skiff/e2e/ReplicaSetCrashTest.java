package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed with {@code kill -9} in the middle of a ReplicaSet's scale-up: after a restart on the same data
 * directory, the ReplicaSet controller (its expectations gone with the process) counts the pods the store kept and
 * converges on exactly the desired number, neither fewer nor more.
 */
class ReplicaSetCrashTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void aReplicaSetScalingUpWhenTheServerIsKilledEndsWithExactlyItsReplicas() {
        SkiffProcess server = SkiffProcess.start(dir.resolve("data"), List.of("--no-kubelet"));
        try {
            Kubectl kubectl = server.kubectl(dir);
            kubectl.succeed("create", "namespace", "crash");
            kubectl.succeed("apply", "-n", "crash", "-f", kubectl.file("rs.yaml", replicaSet(1)));
            await().atMost(DEADLINE).until(() -> pods(kubectl).size() == 1);

            kubectl.succeed("apply", "-n", "crash", "-f", kubectl.file("rs.yaml", replicaSet(12)));
            server.kill9();
            server = server.restart();
            Kubectl restarted = server.kubectl(dir);

            await().atMost(DEADLINE).untilAsserted(() -> assertThat(restarted.succeed("get", "rs", "web", "-n",
                    "crash", "-o", "jsonpath={.status.replicas} {.status.observedGeneration}").stdout())
                    .isEqualTo("12 2"));
            assertThat(pods(restarted)).hasSize(12);
        } finally {
            server.close();
        }
    }

    private static List<String> pods(Kubectl kubectl) {
        return kubectl.succeed("get", "pods", "-n", "crash", "-l", "app=web", "-o", "name").stdout().lines()
                .toList();
    }

    private static String replicaSet(int replicas) {
        return """
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: web}
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - {name: main, image: busybox, command: [sleep, "3600"]}
                """.formatted(replicas);
    }
}
