package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kubectl edit}, {@code kubectl wait} and {@code kubectl describe} against a server whose kubelet runs the
 * pods bound to its node, and whose events the kubelet records.
 */
class MachineryCommandsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    @Test
    void editWithAScriptedEditorChangesTheObject(Kubectl kubectl) {
        kubectl.succeed("create", "configmap", "edited", "--from-literal=color=blue");

        KubectlResult result = kubectl.runWithEnvironment(Map.of("KUBE_EDITOR", "sed -i s/blue/green/"),
                "edit", "configmap", "edited");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("configmap/edited edited\n");
        assertThat(kubectl.succeed("get", "configmap", "edited", "-o", "jsonpath={.data.color}").stdout())
                .isEqualTo("green");
    }

    @Test
    void waitForDeleteReturnsOnceTheObjectIsGone(Kubectl kubectl) {
        kubectl.succeed("create", "configmap", "doomed");
        try (KubectlWatch wait = kubectl.watch("wait", "--for=delete", "configmap/doomed", "--timeout=90s")) {
            kubectl.succeed("delete", "configmap", "doomed");

            assertThat(wait.nextLine(DEADLINE)).isEqualTo("configmap/doomed condition met");
        }
    }

    @Test
    void waitForReadyThenDescribeShowsThePodWithTheKubeletsEvents(Kubectl kubectl) {
        String node = kubectl.succeed("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}").stdout();
        kubectl.succeed("create", "-f", kubectl.file("pod.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: waited, labels: {app: waited}}
                spec:
                  nodeName: %s
                  terminationGracePeriodSeconds: 1
                  containers:
                  - {name: main, image: busybox, command: ["sleep", "300"]}
                """.formatted(node)));

        KubectlResult waited = kubectl.run("wait", "--for=condition=Ready", "pod/waited", "--timeout=90s");

        assertThat(waited.stdout()).as(waited.toString()).isEqualTo("pod/waited condition met\n");
        String pod = kubectl.succeed("describe", "pod", "waited").stdout();
        assertThat(pod).contains("Node:             " + node).contains("Status:           Running")
                .containsPattern("Ready\\s+True").contains("Events:").containsPattern("Normal\\s+Started");
        assertThat(kubectl.succeed("describe", "node", node).stdout()).contains("Name:               " + node)
                .containsPattern("Ready\\s+True");
        assertThat(kubectl.succeed("describe", "namespace", "default").stdout()).containsPattern("Status:\\s+Active");
        kubectl.succeed("delete", "pod", "waited", "--wait=false");
    }
}
