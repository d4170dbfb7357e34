package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sidecar containers (init containers with {@code restartPolicy: Always}) through kubectl, run by the server's own
 * kubelet: they start before the next init container, run beside the app, restart whatever the pod's policy, count
 * in READY, and stop once a Job-style pod's app has completed (docs concepts/workloads/pods/sidecar-containers.md).
 */
class SidecarContainersTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    @TempDir
    Path work;

    private static String node(Kubectl kubectl) {
        return kubectl.succeed("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}").stdout();
    }

    private static List<String> row(Kubectl kubectl, String pod) {
        return KubectlTable.cells(kubectl.succeed("get", "pod", pod, "--no-headers").stdout().strip());
    }

    private static String jsonpath(Kubectl kubectl, String pod, String path) {
        return kubectl.succeed("get", "pod", pod, "-o", "jsonpath={" + path + "}").stdout();
    }

    /**
     * A pod with the sidecar {@code proxy} (its PID in {@code work/proxy.pid}, {@code $$} being how a pod spec escapes {@code $}, its starts counted in
     * {@code work/proxy.starts}), the init container {@code setup} that fails unless the sidecar already runs, and
     * the app {@code main}, which exits 0 once {@code work/finish} exists.
     */
    private String pod(String name, String node, String restartPolicy) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                  nodeName: %s
                  restartPolicy: %s
                  terminationGracePeriodSeconds: 2
                  volumes:
                  - {name: work, hostPath: {path: %s}}
                  initContainers:
                  - name: proxy
                    image: busybox
                    restartPolicy: Always
                    command: [sh, -c, 'echo started >> $SKIFF_VOLUME_WORK/proxy.starts; echo $$$$ > $SKIFF_VOLUME_WORK/proxy.pid; exec sleep 300']
                    volumeMounts: [{name: work, mountPath: /work}]
                    readinessProbe:
                      exec: {command: [sh, -c, 'test -f $SKIFF_VOLUME_WORK/proxy.pid']}
                      periodSeconds: 1
                  - name: setup
                    image: busybox
                    command: [sh, -c, 'test -f $SKIFF_VOLUME_WORK/proxy.pid']
                    volumeMounts: [{name: work, mountPath: /work}]
                  containers:
                  - name: main
                    image: busybox
                    command: [sh, -c, 'while [ ! -f $SKIFF_VOLUME_WORK/finish ]; do sleep 0.2; done']
                    volumeMounts: [{name: work, mountPath: /work}]
                """.formatted(name, node, restartPolicy, work);
    }

    @Test
    void aSidecarRunsBesideTheAppCountsInReadyAndIsRestartedEvenUnderNever(Kubectl kubectl) throws IOException {
        kubectl.succeed("create", "-f", kubectl.file("job.yaml", pod("job", node(kubectl), "Never")));

        KubectlResult waited = kubectl.run("wait", "--for=condition=Ready", "pod/job", "--timeout=90s");

        assertThat(waited.stdout()).as(waited.toString()).isEqualTo("pod/job condition met\n");
        // The init container after the sidecar ran once, and found the sidecar running.
        assertThat(jsonpath(kubectl, "job", ".status.initContainerStatuses[1].state.terminated.reason"))
                .isEqualTo("Completed");
        assertThat(jsonpath(kubectl, "job", ".status.initContainerStatuses[1].restartCount")).isEqualTo("0");
        assertThat(row(kubectl, "job")).startsWith("job", "2/2", "Running", "0");

        // The sidecar dies: it is started again although the pod's policy is Never.
        long pid = Long.parseLong(Files.readString(work.resolve("proxy.pid")).strip());
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(DEADLINE).until(() -> Files.readAllLines(work.resolve("proxy.starts")).size() == 2);
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(row(kubectl, "job"))
                .startsWith("job", "2/2", "Running").element(3).asString().startsWith("1 ("));
        assertThat(jsonpath(kubectl, "job", ".status.phase")).isEqualTo("Running");

        // The app completes: the sidecar is stopped and the pod succeeds.
        Files.writeString(work.resolve("finish"), "");
        KubectlResult succeeded = kubectl.run("wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/job",
                "--timeout=90s");

        assertThat(succeeded.stdout()).as(succeeded.toString()).isEqualTo("pod/job condition met\n");
        assertThat(row(kubectl, "job")).startsWith("job", "0/2", "Completed");
        assertThat(jsonpath(kubectl, "job", ".status.initContainerStatuses[0].state.terminated.exitCode"))
                .isEqualTo("143");
        assertThat(jsonpath(kubectl, "job", ".status.containerStatuses[0].state.terminated.reason"))
                .isEqualTo("Completed");
        kubectl.succeed("delete", "pod", "job", "--wait=false");
    }

    @Test
    void theApiRejectsAnInitContainerRestartPolicyOtherThanAlwaysAndProbesOnPlainInitContainers(Kubectl kubectl) {
        KubectlResult result = kubectl.run("create", "-f", kubectl.file("bad.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: bad}
                spec:
                  initContainers:
                  - {name: proxy, image: busybox, restartPolicy: OnFailure}
                  - name: setup
                    image: busybox
                    readinessProbe: {grpc: {port: 9000}}
                  containers:
                  - {name: main, image: busybox}
                """));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("The Pod \"bad\" is invalid: \n"
                + "* spec.initContainers[0].restartPolicy: Unsupported value: \"OnFailure\": supported values: "
                + "\"Always\"\n"
                + "* spec.initContainers[1].readinessProbe: Forbidden: may not be set for init containers without "
                + "restartPolicy=Always\n");
    }
}
