package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.time.Clock;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;
import skiff.simulator.NodeSimulator;
import skiff.simulator.SimulatorConfig;

/**
 * PodDisruptionBudgets through kubectl: {@code kubectl drain} evicts through pods/eviction, which refuses with 429
 * while the budget allows no disruption, so kubectl retries and the pods leave one at a time as their replacements
 * become Ready elsewhere (k/k pkg/registry/core/pod/storage/eviction.go, pkg/controller/disruption, 1.32). Two fake
 * nodes of the simulator run the pods: they report them Ready and confirm their deletion at once.
 */
class DisruptionBudgetKubectlTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    static Path work;

    private static SkiffServer server;
    private static NodeSimulator nodes;
    private static Kubectl kubectl;
    private static String prefix;

    @BeforeAll
    static void start() {
        server = SkiffServer.startTemporary(StoreKind.MEMORY, o -> o.withKubelet(KubeletOptions.disabled()));
        prefix = "pdb-" + UUID.randomUUID().toString().substring(0, 6);
        nodes = NodeSimulator.start(server.newClient(), SimulatorConfig.of(2).withNamePrefix(prefix), Clock.system());
        kubectl = new Kubectl(server.kubeconfig(), work);
    }

    @AfterAll
    static void stop() {
        nodes.close();
        server.close();
    }

    @Test
    void drainEvictsOneAtATimeWhileTheBudgetAllowsAndWaitsForReplacements() {
        String first = prefix + "-0";
        String second = prefix + "-1";
        kubectl.succeed("create", "namespace", "drain");
        kubectl.succeed("cordon", second);
        kubectl.succeed("create", "-n", "drain", "-f", kubectl.file("rs.yaml",
                WorkloadManifests.replicaSet("web", 3, "terminationGracePeriodSeconds: 1")));
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(readyPods())
                .hasSize(3).allSatisfy(p -> assertThat(p).endsWith(" " + first + " True")));
        kubectl.succeed("create", "-n", "drain", "-f", kubectl.file("pdb.yaml", """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: web}
                spec:
                  minAvailable: 2
                  selector: {matchLabels: {app: web}}
                """));
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(kubectl.succeed("get", "pdb", "-n", "drain").stdout())
                .matches("(?s)NAME\\s+MIN AVAILABLE\\s+MAX UNAVAILABLE\\s+ALLOWED DISRUPTIONS\\s+AGE\\n"
                        + "web\\s+2\\s+N/A\\s+1\\s+\\S+\\n"));
        kubectl.succeed("uncordon", second);

        KubectlResult drained = kubectl.succeed("drain", first, "--ignore-daemonsets", "--delete-emptydir-data",
                "--timeout=80s");

        assertThat(drained.stdout()).contains("node/" + first + " cordoned", "node/" + first + " drained");
        assertThat(drained.stderr()).contains("(will retry after 5s): Cannot evict pod as it would violate the "
                + "pod's disruption budget.");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(readyPods())
                .hasSize(3).allSatisfy(p -> assertThat(p).endsWith(" " + second + " True")));
        assertThat(kubectl.succeed("get", "pdb", "web", "-n", "drain", "-o",
                "jsonpath={.status.currentHealthy} {.status.desiredHealthy} {.status.expectedPods}").stdout())
                .isEqualTo("3 2 3");
    }

    @Test
    void invalidBudgetsAreRefusedWithKubernetesMessages() {
        KubectlResult both = kubectl.run("create", "-f", kubectl.file("both.yaml", """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: both}
                spec: {minAvailable: 1, maxUnavailable: "50%", selector: {matchLabels: {app: x}}}
                """));
        KubectlResult negative = kubectl.run("create", "-f", kubectl.file("negative.yaml", """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: negative}
                spec: {minAvailable: -1, selector: {matchLabels: {app: x}}}
                """));

        assertThat(both.exitCode()).isNotZero();
        assertThat(both.stderr()).contains("The PodDisruptionBudget \"both\" is invalid: spec: Invalid value: ",
                ": minAvailable and maxUnavailable cannot be both set");
        assertThat(negative.stderr()).contains("The PodDisruptionBudget \"negative\" is invalid: spec.minAvailable: "
                + "Invalid value: -1: must be greater than or equal to 0");
    }

    /** "name node ready" of each pod of the namespace that is not being deleted. */
    private static List<String> readyPods() {
        String out = kubectl.succeed("get", "pods", "-n", "drain", "-o", "jsonpath={range .items[*]}"
                + "{.metadata.name} {.metadata.deletionTimestamp} {.spec.nodeName} "
                + "{.status.conditions[?(@.type==\"Ready\")].status}{'\\n'}{end}").stdout();
        return Arrays.stream(out.split("\n")).filter(l -> !l.isBlank())
                .map(l -> l.replaceAll("\\s+", " "))
                .filter(l -> l.split(" ").length == 3).toList();
    }
}
