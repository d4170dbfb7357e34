package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;
import skiff.testing.TestKubelets;

/**
 * A StatefulSet driven with the real kubectl against Skiff with its kubelet, whose pods really run: get, scale,
 * rollout status, history and undo (which read ControllerRevisions and patch the template back).
 */
class StatefulSetKubectlTest {
    private static final String NODE = "sts-node";

    private static SkiffServer server;
    private static Path workDir;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() throws IOException {
        server = SkiffServer.startTemporary(StoreKind.MEMORY,
                o -> o.withKubelet(TestKubelets.process(NODE)));
        workDir = Files.createTempDirectory("skiff-kubectl-");
        kubectl = new Kubectl(server.kubeconfig(), workDir);
    }

    @AfterAll
    static void stop() {
        server.close();
        SkiffProcessExtension.deleteRecursively(workDir);
    }

    @Test
    void getScaleRolloutStatusHistoryAndUndo() {
        kubectl.succeed("apply", "-f", kubectl.file("web.yaml", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: web}
                spec:
                  replicas: 2
                  serviceName: web
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      nodeName: %s
                      terminationGracePeriodSeconds: 2
                      containers:
                      - name: app
                        image: busybox:1.36
                        command: [sleep, "3600"]
                """.formatted(NODE)));

        KubectlResult status = kubectl.succeed("rollout", "status", "statefulset/web", "--timeout=55s");
        assertThat(status.stdout()).contains("partitioned roll out complete: 2 new pods have been updated...");
        assertThat(kubectl.succeed("get", "sts", "web").lines()).satisfiesExactly(
                header -> assertThat(header).startsWith("NAME").contains("READY").contains("AGE"),
                row -> assertThat(row.split("\\s+")).startsWith("web", "2/2"));

        kubectl.succeed("scale", "sts", "web", "--replicas=3");
        kubectl.succeed("rollout", "status", "sts/web", "--timeout=55s");
        assertThat(kubectl.succeed("get", "pods", "-l", "app=web", "-o", "name").lines())
                .containsExactly("pod/web-0", "pod/web-1", "pod/web-2");

        kubectl.succeed("set", "image", "sts/web", "app=busybox:1.37");
        kubectl.succeed("rollout", "status", "sts/web", "--timeout=55s");
        assertThat(images()).isEqualTo("busybox:1.37 busybox:1.37 busybox:1.37");
        assertThat(kubectl.succeed("rollout", "history", "sts/web").stdout()).contains("REVISION").containsPattern(
                "(?m)^1 ").containsPattern("(?m)^2 ");
        assertThat(kubectl.succeed("rollout", "history", "sts/web", "--revision=1").stdout())
                .contains("busybox:1.36");

        assertThat(kubectl.succeed("rollout", "undo", "sts/web").stdout()).contains("statefulset.apps/web rolled back");
        kubectl.succeed("rollout", "status", "sts/web", "--timeout=55s");
        assertThat(images()).isEqualTo("busybox:1.36 busybox:1.36 busybox:1.36");
        assertThat(kubectl.succeed("rollout", "history", "sts/web").stdout()).containsPattern("(?m)^2 ")
                .containsPattern("(?m)^3 ").doesNotContainPattern("(?m)^1 ");
    }

    private static String images() {
        return kubectl.succeed("get", "pods", "-l", "app=web", "-o",
                "jsonpath={.items[*].spec.containers[0].image}").stdout().trim();
    }
}
