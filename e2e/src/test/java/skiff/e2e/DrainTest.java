package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kubectl drain} against {@code skiff server} and its one node: the node is cordoned and its pods are evicted
 * through pods/eviction (k/k pkg/registry/core/pod/storage/eviction.go), so they go away and their ReplicaSet's
 * replacements wait, unscheduled, for a node that takes pods.
 */
class DrainTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    @Test
    void drainCordonsTheNodeAndEvictsItsPods(Kubectl kubectl) {
        String node = kubectl.succeed("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}").stdout();
        kubectl.succeed("create", "namespace", "drain");
        kubectl.succeed("create", "-n", "drain", "-f", kubectl.file("rs.yaml",
                WorkloadManifests.replicaSet("web", 2, "terminationGracePeriodSeconds: 1")));
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(pods(kubectl))
                .hasSize(2).allSatisfy(p -> assertThat(p).endsWith(" Running " + node)));
        List<String> before = pods(kubectl).stream().map(p -> p.split(" ")[0]).toList();

        KubectlResult drained = kubectl.succeed("drain", node, "--ignore-daemonsets", "--delete-emptydir-data",
                "--timeout=60s");

        assertThat(drained.stdout()).contains("node/" + node + " cordoned", "node/" + node + " drained");
        for (String pod : before) {
            assertThat(drained.stdout()).contains("pod/" + pod + " evicted");
        }
        assertThat(kubectl.succeed("get", "node", node, "-o", "jsonpath={.spec.unschedulable}").stdout())
                .isEqualTo("true");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(pods(kubectl))
                .hasSize(2)
                .noneMatch(p -> before.contains(p.split(" ")[0]))
                .allSatisfy(p -> assertThat(p).endsWith(" Pending ")));
    }

    /** "name phase node" of each pod of the namespace. */
    private static List<String> pods(Kubectl kubectl) {
        String out = kubectl.succeed("get", "pods", "-n", "drain", "-o",
                "jsonpath={range .items[*]}{.metadata.name} {.status.phase} {.spec.nodeName}{'\\n'}{end}").stdout();
        return Arrays.stream(out.split("\n")).filter(l -> !l.isBlank()).toList();
    }
}
