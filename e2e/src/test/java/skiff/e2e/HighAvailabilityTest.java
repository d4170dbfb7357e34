package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import skiff.store.etcd.EtcdExtension;
import skiff.store.etcd.EtcdServer;

/**
 * Two servers on one etcd, sharing the cluster's CA and service-account key as kubeadm's control-plane nodes do:
 * both serve the API, the controllers and the scheduler run on one of them at a time (the kube-controller-manager and
 * kube-scheduler Leases, client-go's 15 s lease), and when the leader is killed in the middle of a ReplicaSet's
 * scale-up the other takes the Leases over and its controllers finish it with exactly the desired count.
 */
@ExtendWith(EtcdExtension.class)
class HighAvailabilityTest {
    private static final Duration HANDOVER = Duration.ofSeconds(90);
    private static final List<String> SHARED = List.of("tls/ca.crt", "tls/ca.key", "tls/service-account.key",
            "tls/admin.crt", "tls/admin.key", "token");

    @TempDir
    Path dir;

    @Test
    void theSecondServerTakesOverTheControllersWhenTheLeaderIsKilled(EtcdServer etcd) throws IOException {
        List<String> args = List.of("--store", "etcd", "--etcd-endpoints", etcd.endpoint().toString(),
                "--etcd-prefix", "/ha-e2e", "--no-kubelet");
        try (SkiffProcess first = SkiffProcess.start(dir.resolve("first"), args)) {
            share(dir.resolve("first"), dir.resolve("second"));
            try (SkiffProcess second = SkiffProcess.start(dir.resolve("second"), args)) {
                Kubectl kubectl = second.kubectl(dir);
                String firstId = identity(first.dataDir());
                String secondId = identity(second.dataDir());
                await().atMost(HANDOVER).untilAsserted(() -> {
                    assertThat(holder(kubectl, "kube-controller-manager")).endsWith("_" + firstId);
                    assertThat(holder(kubectl, "kube-scheduler")).endsWith("_" + firstId);
                });

                // Written through the second server, acted on by the first's controllers.
                kubectl.succeed("create", "namespace", "ha");
                kubectl.succeed("apply", "-n", "ha", "-f", kubectl.file("rs.yaml", replicaSet(2)));
                await().atMost(HANDOVER).until(() -> pods(kubectl).size() == 2);

                // The leader is killed in the middle of a scale-up.
                kubectl.succeed("apply", "-n", "ha", "-f", kubectl.file("rs.yaml", replicaSet(6)));
                first.kill9();
                await().atMost(HANDOVER).untilAsserted(() -> {
                    assertThat(holder(kubectl, "kube-controller-manager")).endsWith("_" + secondId);
                    assertThat(holder(kubectl, "kube-scheduler")).endsWith("_" + secondId);
                });
                assertThat(kubectl.succeed("get", "events", "-n", "kube-system", "--field-selector",
                        "reason=LeaderElection", "-o", "jsonpath={.items[*].message}").stdout())
                        .contains("_" + firstId + " became leader", "_" + secondId + " became leader");

                // The new leader's controllers finish the scale-up with exactly the desired count.
                await().atMost(HANDOVER).untilAsserted(() -> assertThat(kubectl.succeed("get", "rs", "web", "-n",
                        "ha", "-o", "jsonpath={.status.replicas} {.status.observedGeneration}").stdout())
                        .isEqualTo("6 2"));
                assertThat(pods(kubectl)).hasSize(6);
            }
        }
    }

    /** The second server starts with the first's CA, service-account key and admin credentials. */
    private static void share(Path from, Path to) {
        try {
            for (String file : SHARED) {
                Files.createDirectories(to.resolve(file).getParent());
                Files.copy(from.resolve(file), to.resolve(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The id part of a server's candidate identity (HOST_ID). */
    private static String identity(Path dataDir) throws IOException {
        return Files.readString(dataDir.resolve("leader-election-id")).strip();
    }

    private static String holder(Kubectl kubectl, String lease) {
        return kubectl.run("get", "lease", lease, "-n", "kube-system", "-o", "jsonpath={.spec.holderIdentity}")
                .stdout();
    }

    private static List<String> pods(Kubectl kubectl) {
        return kubectl.succeed("get", "pods", "-n", "ha", "-l", "app=web", "-o", "name").stdout().lines().toList();
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
