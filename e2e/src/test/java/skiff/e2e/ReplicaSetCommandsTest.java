package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ReplicaSets driven with kubectl against {@code skiff server}, whose kubelet runs the pods (the template names its
 * node): {@code get rs} columns, {@code scale rs}, {@code describe rs} with the victims and reasons, and isolating a
 * pod with {@code label pod x app-}.
 */
class ReplicaSetCommandsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    @Test
    void scaleDescribeAndIsolateThroughKubectl(Kubectl kubectl) {
        String node = kubectl.succeed("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}").stdout();
        kubectl.succeed("create", "namespace", "rs-kubectl");
        kubectl.succeed("create", "-n", "rs-kubectl", "-f", kubectl.file("rs.yaml",
                WorkloadManifests.replicaSet("web", 3, "nodeName: " + node + ", terminationGracePeriodSeconds: 1")));

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(replicaSetRow(kubectl))
                .containsExactly("web", "3", "3", "3"));
        assertThat(KubectlTable.parse(kubectl.succeed("get", "rs", "-n", "rs-kubectl").stdout()).header())
                .containsExactly("NAME", "DESIRED", "CURRENT", "READY", "AGE");

        List<String> pods = podNames(kubectl);
        String cheap = pods.get(1);
        kubectl.succeed("annotate", "pod", "-n", "rs-kubectl", cheap,
                "controller.kubernetes.io/pod-deletion-cost=-100");
        assertThat(kubectl.succeed("scale", "rs", "web", "-n", "rs-kubectl", "--replicas=2").stdout())
                .isEqualTo("replicaset.apps/web scaled\n");

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(replicaSetRow(kubectl))
                .containsExactly("web", "2", "2", "2"));
        String described = kubectl.succeed("describe", "rs", "web", "-n", "rs-kubectl").stdout();
        assertThat(described)
                .containsPattern("Replicas:\\s+2 current / 2 desired")
                .containsPattern("Normal\\s+SuccessfulCreate\\s+.*Created pod: " + pods.get(0))
                .containsPattern("Normal\\s+SuccessfulDelete\\s+.*Deleted pod: " + cheap
                        + " \\(scale-down: pod-deletion-cost -100 is lower than web-\\w+'s 0\\)");

        String isolated = podNames(kubectl).get(0);
        kubectl.succeed("label", "pod", "-n", "rs-kubectl", isolated, "app-");

        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(podNames(kubectl)).hasSize(2).doesNotContain(isolated);
            assertThat(replicaSetRow(kubectl)).containsExactly("web", "2", "2", "2");
        });
        assertThat(kubectl.succeed("get", "pod", "-n", "rs-kubectl", isolated,
                "-o", "jsonpath={.status.phase} {.metadata.ownerReferences}").stdout()).isEqualTo("Running ");
    }

    private static List<String> replicaSetRow(Kubectl kubectl) {
        List<String> row = KubectlTable.parse(kubectl.succeed("get", "rs", "web", "-n", "rs-kubectl").stdout())
                .rowWhere("NAME", "web");
        return row.subList(0, 4);
    }

    /** Pods selected by app=web that are not being deleted, sorted by name. */
    private static List<String> podNames(Kubectl kubectl) {
        String out = kubectl.succeed("get", "pods", "-n", "rs-kubectl", "-l", "app=web", "-o",
                "jsonpath={range .items[*]}{.metadata.name} {.metadata.deletionTimestamp}{'\\n'}{end}").stdout();
        return out.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.contains(" ")).sorted().toList();
    }
}
