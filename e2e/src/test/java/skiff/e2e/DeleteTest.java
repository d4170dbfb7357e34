package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code kubectl delete} of one object, by label selector, of all of a kind, and from a file. */
class DeleteTest {
    @RegisterExtension
    // Without kube-root-ca.crt, which the publisher would add to (and put back in) every namespace here.
    static final SkiffProcessExtension skiff = new SkiffProcessExtension("--disable-controllers",
            "root-ca-cert-publisher");

    @Test
    void deleteRemovesAPod(Kubectl kubectl) {
        kubectl.succeed("create", "namespace", "one");
        kubectl.succeed("create", "-n", "one", "-f", kubectl.file("pod.yaml", pod("doomed", "x")));

        KubectlResult result = kubectl.succeed("delete", "pod", "doomed", "-n", "one");

        assertThat(result.stdout()).isEqualTo("pod \"doomed\" deleted\n");
        assertThat(kubectl.run("get", "pod", "doomed", "-n", "one").stderr())
                .isEqualTo("Error from server (NotFound): pods \"doomed\" not found\n");
    }

    @Test
    void deleteWithALabelSelectorRemovesOnlyTheMatchingPods(Kubectl kubectl) {
        kubectl.succeed("create", "namespace", "selected");
        kubectl.succeed("create", "-n", "selected", "-f", kubectl.file("pods.yaml",
                pod("a", "old") + "---\n" + pod("b", "old") + "---\n" + pod("c", "new")));

        KubectlResult result = kubectl.succeed("delete", "pods", "-n", "selected", "-l", "generation=old");

        assertThat(result.stdout()).isEqualTo("pod \"a\" deleted\npod \"b\" deleted\n");
        assertThat(kubectl.succeed("get", "pods", "-n", "selected", "-o", "name").stdout()).isEqualTo("pod/c\n");
    }

    @Test
    void deleteAllRemovesEveryObjectOfTheKindInTheNamespaceOnly(Kubectl kubectl) {
        kubectl.succeed("create", "namespace", "cleared");
        kubectl.succeed("create", "namespace", "untouched");
        kubectl.succeed("create", "-n", "cleared", "-f", kubectl.file("cleared.yaml",
                configMap("first") + "---\n" + configMap("second")));
        kubectl.succeed("create", "-n", "untouched", "-f", kubectl.file("untouched.yaml", configMap("third")));

        KubectlResult result = kubectl.succeed("delete", "configmaps", "--all", "-n", "cleared");

        assertThat(result.stdout()).isEqualTo("configmap \"first\" deleted\nconfigmap \"second\" deleted\n");
        assertThat(kubectl.succeed("get", "configmaps", "-n", "cleared").stderr())
                .isEqualTo("No resources found in cleared namespace.\n");
        assertThat(kubectl.succeed("get", "configmaps", "-n", "untouched", "-o", "name").stdout())
                .isEqualTo("configmap/third\n");
    }

    @Test
    void deleteWithAFileRemovesTheObjectsItNames(Kubectl kubectl) {
        kubectl.succeed("create", "namespace", "filed");
        String file = kubectl.file("both.yaml", configMap("left") + "---\n" + pod("right", "x"));
        kubectl.succeed("create", "-n", "filed", "-f", file);

        KubectlResult result = kubectl.succeed("delete", "-n", "filed", "-f", file);

        assertThat(result.stdout()).isEqualTo("configmap \"left\" deleted\npod \"right\" deleted\n");
        assertThat(kubectl.succeed("get", "pods,configmaps", "-n", "filed", "-o", "name").stdout()).isEmpty();
    }

    @Test
    void deletingAMissingObjectFailsWithNotFound(Kubectl kubectl) {
        KubectlResult result = kubectl.run("delete", "pod", "ghost");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("Error from server (NotFound): pods \"ghost\" not found\n");
    }

    private static String pod(String name, String generation) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  labels: {generation: %s}
                spec:
                  containers:
                  - {name: main, image: busybox}
                """.formatted(name, generation);
    }

    private static String configMap(String name) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: %s}
                data: {k: v}
                """.formatted(name);
    }
}
