package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kubectl edit}, {@code kubectl wait} and {@code kubectl describe} against a server whose kubelet runs the
 * pods bound to its node, and whose events the kubelet records.
 */
class MachineryCommandsTest {
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
    void waitForDeleteWaitsWhileAFinalizerHoldsTheObjectAndSucceedsOnceItIsGone(Kubectl kubectl) {
        kubectl.succeed("create", "-f", kubectl.file("held.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: held, finalizers: [example.com/hold]}
                """));
        kubectl.succeed("delete", "configmap", "held", "--wait=false");

        KubectlResult whileHeld = kubectl.run("wait", "--for=delete", "configmap/held", "--timeout=2s");
        kubectl.succeed("patch", "configmap", "held", "--type", "json",
                "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
        KubectlResult afterRelease = kubectl.run("wait", "--for=delete", "configmap/held", "--timeout=60s");

        assertThat(whileHeld.exitCode()).as(whileHeld.toString()).isEqualTo(1);
        // Under load kubectl's watch may also log its own deadline before the timeout line; the outcome is the line.
        assertThat(whileHeld.stderr()).endsWith("error: timed out waiting for the condition on configmaps/held\n");
        assertThat(afterRelease.exitCode()).as(afterRelease.toString()).isZero();
        assertThat(kubectl.run("get", "configmap", "held").stderr())
                .isEqualTo("Error from server (NotFound): configmaps \"held\" not found\n");
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

    @Test
    void scaleChangesReplicasOfDeploymentsStatefulSetsAndReplicationControllers(Kubectl kubectl) {
        kubectl.succeed("create", "namespace", "scaled");
        kubectl.succeed("create", "-n", "scaled", "-f", kubectl.file("workloads.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  replicas: 0
                  selector: {matchLabels: {app: d}}
                  template:
                    metadata: {labels: {app: d}}
                    spec: {containers: [{name: c, image: busybox, command: ["sleep", "1"]}]}
                ---
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: s}
                spec:
                  replicas: 0
                  serviceName: s
                  selector: {matchLabels: {app: s}}
                  template:
                    metadata: {labels: {app: s}}
                    spec: {containers: [{name: c, image: busybox, command: ["sleep", "1"]}]}
                ---
                apiVersion: v1
                kind: ReplicationController
                metadata: {name: r}
                spec:
                  replicas: 0
                  template:
                    metadata: {labels: {app: r}}
                    spec: {containers: [{name: c, image: busybox, command: ["sleep", "1"]}]}
                """));

        assertThat(kubectl.succeed("scale", "-n", "scaled", "deployment/d", "--replicas=3").stdout())
                .isEqualTo("deployment.apps/d scaled\n");
        assertThat(kubectl.succeed("scale", "-n", "scaled", "statefulset/s", "--replicas=2").stdout())
                .isEqualTo("statefulset.apps/s scaled\n");
        assertThat(kubectl.succeed("scale", "-n", "scaled", "rc/r", "--replicas=4").stdout())
                .isEqualTo("replicationcontroller/r scaled\n");

        assertThat(replicas(kubectl, "deployment/d")).isEqualTo("3");
        assertThat(replicas(kubectl, "statefulset/s")).isEqualTo("2");
        assertThat(replicas(kubectl, "rc/r")).isEqualTo("4");
        assertThat(kubectl.succeed("get", "-n", "scaled", "rc/r", "-o", "jsonpath={.spec.selector}").stdout())
                .as("a replication controller's selector defaults to its template's labels").isEqualTo("{\"app\":\"r\"}");
        assertThat(kubectl.succeed("describe", "-n", "scaled", "statefulset", "s").stdout())
                .containsPattern("Replicas:\\s+2 desired").contains("Update Strategy:");
    }

    @Test
    void aPodIsDefaultedAsKubernetesDefaultsIt(Kubectl kubectl) {
        kubectl.succeed("create", "-f", kubectl.file("bare.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: bare}
                spec:
                  containers:
                  - {name: c, image: busybox, command: ["sleep", "1"]}
                """));

        String spec = kubectl.succeed("get", "pod", "bare", "-o", "jsonpath="
                + "{.spec.restartPolicy} {.spec.terminationGracePeriodSeconds} {.spec.dnsPolicy} "
                + "{.spec.schedulerName} {.spec.serviceAccountName} {.spec.enableServiceLinks} "
                + "{.spec.containers[0].imagePullPolicy} {.spec.containers[0].terminationMessagePath} "
                + "{.spec.containers[0].terminationMessagePolicy} {.spec.tolerations[*].key} "
                + "{.spec.tolerations[*].tolerationSeconds} {.status.qosClass}").stdout();

        assertThat(spec).isEqualTo("Always 30 ClusterFirst default-scheduler default true Always "
                + "/dev/termination-log File node.kubernetes.io/not-ready node.kubernetes.io/unreachable 300 300 "
                + "BestEffort");
        kubectl.succeed("delete", "pod", "bare", "--wait=false");
    }

    private static String replicas(Kubectl kubectl, String object) {
        return kubectl.succeed("get", "-n", "scaled", object, "-o", "jsonpath={.spec.replicas}").stdout();
    }
}
