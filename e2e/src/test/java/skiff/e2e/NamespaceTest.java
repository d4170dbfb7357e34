package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Namespaces: created by kubectl, deleted with their contents, system ones protected, missing ones refused. */
class NamespaceTest {
    @RegisterExtension
    // Without kube-root-ca.crt, which the publisher would add to every new namespace here.
    static final SkiffProcessExtension skiff = new SkiffProcessExtension("--disable-controllers",
            "root-ca-cert-publisher");

    @Test
    void theSystemNamespacesExistFromTheStart(Kubectl kubectl) {
        KubectlTable table = KubectlTable.parse(kubectl.succeed("get", "namespaces").stdout());

        assertThat(table.header()).containsExactly("NAME", "STATUS", "AGE");
        assertThat(table.column("NAME")).contains("default", "kube-node-lease", "kube-public", "kube-system");
        assertThat(table.rowWhere("NAME", "default").get(1)).isEqualTo("Active");
    }

    @Test
    void createNamespaceMakesAnActiveNamespace(Kubectl kubectl) {
        assertThat(kubectl.succeed("create", "namespace", "fresh").stdout()).isEqualTo("namespace/fresh created\n");

        KubectlTable table = KubectlTable.parse(kubectl.succeed("get", "namespace", "fresh").stdout());
        assertThat(table.rowWhere("NAME", "fresh").get(1)).isEqualTo("Active");
    }

    @Test
    void deleteNamespaceRemovesTheNamespaceAndEverythingInIt(Kubectl kubectl) {
        kubectl.succeed("create", "namespace", "doomed");
        kubectl.succeed("create", "-n", "doomed", "-f", kubectl.file("content.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: worker}
                spec:
                  containers:
                  - {name: main, image: busybox}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                ---
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: workers}
                spec:
                  selector:
                    matchLabels: {app: workers}
                  template:
                    metadata:
                      labels: {app: workers}
                    spec:
                      containers:
                      - {name: main, image: busybox}
                """));

        KubectlResult deleted = kubectl.succeed("delete", "namespace", "doomed");

        assertThat(deleted.stdout()).isEqualTo("namespace \"doomed\" deleted\n");
        assertThat(kubectl.run("get", "namespace", "doomed").stderr())
                .isEqualTo("Error from server (NotFound): namespaces \"doomed\" not found\n");
        KubectlResult everywhere = kubectl.succeed("get", "pods,configmaps,replicasets", "-A",
                "-o", "jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{\"\\n\"}{end}");
        assertThat(everywhere.lines()).noneMatch(line -> line.startsWith("doomed/"));
    }

    @Test
    void aNamespaceWithTheSameNameCanBeCreatedAgainAndStartsEmpty(Kubectl kubectl) {
        kubectl.succeed("create", "namespace", "reborn");
        kubectl.succeed("create", "-n", "reborn", "-f", kubectl.file("cm.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: leftover}
                """));
        kubectl.succeed("delete", "namespace", "reborn");

        kubectl.succeed("create", "namespace", "reborn");

        assertThat(kubectl.succeed("get", "configmaps", "-n", "reborn", "-o", "name").stdout()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "kube-system", "kube-public"})
    void systemNamespacesMayNotBeDeleted(String namespace) {
        Kubectl kubectl = skiff.newKubectl();

        KubectlResult result = kubectl.run("delete", "namespace", namespace);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("Error from server (Forbidden): namespaces \"" + namespace
                + "\" is forbidden: this namespace may not be deleted\n");
        KubectlTable table = KubectlTable.parse(kubectl.succeed("get", "namespace", namespace).stdout());
        assertThat(table.rowWhere("NAME", namespace).get(1)).isEqualTo("Active");
    }

    @Test
    void creatingIntoAMissingNamespaceFailsWithNotFoundAndStoresNothing(Kubectl kubectl) {
        KubectlResult result = kubectl.run("create", "-n", "nowhere", "-f", kubectl.file("cm.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: lost}
                """));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo(
                "Error from server (NotFound): error when creating \"cm.yaml\": namespaces \"nowhere\" not found\n");
        assertThat(kubectl.succeed("get", "configmaps", "-A", "-o", "name").lines()).doesNotContain("configmap/lost");
    }
}
