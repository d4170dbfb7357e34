package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.time.Clock;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;
import skiff.simulator.NodeSimulator;
import skiff.simulator.SimulatorConfig;

/**
 * Scheduler preemption through kubectl (k/k pkg/scheduler/framework/plugins/defaultpreemption, 1.32): on full nodes a
 * pod of a higher PriorityClass makes a lower-priority pod a DisruptionTarget, has it deleted with a Preempted event,
 * and runs in its place; a class with preemptionPolicy Never waits instead; a victim a PodDisruptionBudget protects
 * is spared when another node has unprotected ones. Two simulated nodes of 2 cpus run the pods.
 */
class PreemptionKubectlTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    private static SkiffServer server;
    private static NodeSimulator nodes;
    private static Kubectl kubectl;
    private static String first;
    private static String second;
    private String ns;

    @BeforeAll
    static void start() {
        server = SkiffServer.startTemporary(StoreKind.MEMORY, o -> o.withKubelet(KubeletOptions.disabled()));
        String prefix = "prio-" + UUID.randomUUID().toString().substring(0, 6);
        nodes = NodeSimulator.start(server.newClient(), SimulatorConfig.of(2).withNamePrefix(prefix)
                .withCapacity("2", "4Gi", "110"), Clock.system());
        first = prefix + "-0";
        second = prefix + "-1";
        kubectl = new Kubectl(server.kubeconfig(), work);
        kubectl.succeed("create", "priorityclass", "low", "--value=10");
        kubectl.succeed("create", "priorityclass", "middle", "--value=20");
        kubectl.succeed("create", "priorityclass", "high", "--value=1000");
        kubectl.succeed("create", "priorityclass", "polite", "--value=1000", "--preemption-policy=Never");
    }

    @AfterAll
    static void stop() {
        nodes.close();
        server.close();
    }

    @BeforeEach
    void namespace() {
        ns = "p-" + UUID.randomUUID().toString().substring(0, 6);
        kubectl.succeed("create", "namespace", ns);
    }

    /** Empties the nodes for the next test. */
    @AfterEach
    void removePods() {
        kubectl.succeed("delete", "pods", "--all", "-n", ns, "--grace-period=0", "--force");
        await().atMost(DEADLINE).until(() -> kubectl.succeed("get", "pods", "-n", ns, "-o", "name").stdout()
                .isBlank());
    }

    @Test
    void aHighPriorityPodPreemptsALowPriorityOneAndRunsWhenItIsGone() {
        // The finalizer keeps the victim visible while it terminates.
        kubectl.succeed("apply", "-n", ns, "-f", kubectl.file("low.yaml",
                pod("low", "low", first, "finalizers: [skiff.test/hold]", "")));
        running("low");
        kubectl.succeed("apply", "-n", ns, "-f", kubectl.file("middle.yaml", pod("middle", "middle", second, "", "")));
        running("middle");

        kubectl.succeed("apply", "-n", ns, "-f", kubectl.file("high.yaml", pod("high", "high", null, "", "")));

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(kubectl.succeed("get", "pod", "low", "-n", ns, "-o",
                "jsonpath={.metadata.deletionTimestamp}|"
                        + "{.status.conditions[?(@.type==\"DisruptionTarget\")].status}|"
                        + "{.status.conditions[?(@.type==\"DisruptionTarget\")].reason}|"
                        + "{.status.conditions[?(@.type==\"DisruptionTarget\")].message}").stdout())
                .matches(".+\\|True\\|PreemptionByScheduler\\|default-scheduler: preempting to accommodate a higher "
                        + "priority pod"));
        String uid = kubectl.succeed("get", "pod", "high", "-n", ns, "-o", "jsonpath={.metadata.uid}").stdout();
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(kubectl.succeed("get", "pod", "high", "-n", ns, "-o",
                    "jsonpath={.status.phase} {.status.nominatedNodeName} {.spec.nodeName}").stdout())
                    .isEqualTo("Pending " + first + " ");
            assertThat(kubectl.succeed("get", "events", "-n", ns).stdout())
                    .containsPattern("Normal\\s+Preempted\\s+pod/low\\s+Preempted by pod " + uid + " on node "
                            + first)
                    .containsPattern("Warning\\s+FailedScheduling\\s+pod/high\\s+0/2 nodes are available: "
                            + "2 Insufficient cpu\\.");
        });

        kubectl.succeed("patch", "pod", "low", "-n", ns, "--type=merge", "-p", "{\"metadata\":{\"finalizers\":null}}");

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(kubectl.succeed("get", "pod", "high", "-n", ns, "-o",
                "jsonpath={.status.phase} {.spec.nodeName}").stdout()).isEqualTo("Running " + first));
        assertThat(kubectl.run("get", "pod", "low", "-n", ns).stderr()).contains("pods \"low\" not found");
        assertThat(kubectl.succeed("get", "pod", "middle", "-n", ns, "-o", "jsonpath={.status.phase}").stdout())
                .isEqualTo("Running");
    }

    @Test
    void aPodWhoseClassNeverPreemptsWaitsAndSaysWhy() {
        kubectl.succeed("apply", "-n", ns, "-f", kubectl.file("low.yaml", pod("low", "low", first, "", "")));
        kubectl.succeed("apply", "-n", ns, "-f", kubectl.file("middle.yaml", pod("middle", "middle", second, "", "")));
        running("low");
        running("middle");

        kubectl.succeed("apply", "-n", ns, "-f", kubectl.file("polite.yaml", pod("polite", "polite", null, "", "")));

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(kubectl.succeed("describe", "pod", "polite", "-n", ns)
                .stdout()).containsPattern("Warning\\s+FailedScheduling\\s+.*default-scheduler\\s+0/2 nodes are "
                        + "available: 2 Insufficient cpu\\. "
                        + "preemption: not eligible due to preemptionPolicy=Never\\.\\."));
        assertThat(kubectl.succeed("get", "pods", "-n", ns, "-o", "jsonpath={range .items[*]}{.metadata.name}="
                + "{.status.phase}{.metadata.deletionTimestamp} {end}").stdout())
                .isEqualTo("low=Running middle=Running polite=Pending ");
    }

    @Test
    void aVictimProtectedByADisruptionBudgetIsSparedForAnUnprotectedOne() {
        // Without the budget the lower-priority "guarded" pod would be the victim.
        kubectl.succeed("apply", "-n", ns, "-f", kubectl.file("guarded.yaml",
                pod("guarded", "low", first, "", "labels: {app: guarded}")));
        kubectl.succeed("apply", "-n", ns, "-f", kubectl.file("middle.yaml", pod("middle", "middle", second, "", "")));
        running("guarded");
        running("middle");
        kubectl.succeed("create", "poddisruptionbudget", "guarded", "-n", ns, "--selector=app=guarded",
                "--min-available=1");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(kubectl.succeed("get", "pdb", "guarded", "-n", ns,
                "-o", "jsonpath={.status.expectedPods} {.status.disruptionsAllowed}").stdout()).isEqualTo("1 0"));

        kubectl.succeed("apply", "-n", ns, "-f", kubectl.file("high.yaml", pod("high", "high", null, "", "")));

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(kubectl.succeed("get", "pods", "-n", ns, "-o",
                "jsonpath={range .items[*]}{.metadata.name}={.status.phase}@{.spec.nodeName} {end}").stdout())
                .isEqualTo("guarded=Running@" + first + " high=Running@" + second + " "));
        assertThat(kubectl.succeed("get", "events", "-n", ns, "--field-selector", "reason=Preempted", "-o",
                "jsonpath={.items[*].involvedObject.name}").stdout()).isEqualTo("middle");
    }

    private void running(String pod) {
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(kubectl.succeed("get", "pod", pod, "-n", ns, "-o",
                "jsonpath={.status.phase}").stdout()).isEqualTo("Running"));
    }

    /** A pod asking for 2 cpus, on {@code node} if given, with extra metadata lines. */
    private static String pod(String name, String priorityClass, String node, String metadata, String labels) {
        String affinity = node == null ? "" : """
                  affinity:
                    nodeAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                        nodeSelectorTerms:
                        - matchExpressions:
                          - {key: kubernetes.io/hostname, operator: In, values: [%s]}
                """.formatted(node);
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  %s
                  %s
                spec:
                  priorityClassName: %s
                  terminationGracePeriodSeconds: 1
                %s  containers:
                  - name: app
                    image: busybox
                    command: [sleep, "3600"]
                    resources: {requests: {cpu: "2"}}
                """.formatted(name, metadata, labels, priorityClass, affinity);
    }
}
