package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scheduler seen through kubectl: pods without a node land on the server's own node and run; a pod no node fits
 * stays Pending with the FailedScheduling event kube-scheduler would write, until a node that fits appears.
 */
class KubectlSchedulingTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    @Test
    void aPodWithoutANodeIsScheduledOntoTheServersNodeAndRuns(Kubectl kubectl) {
        String node = kubectl.succeed("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}").stdout().trim();

        kubectl.succeed("run", "sched-hello", "--image=busybox", "--restart=Never", "--command", "--",
                "sh", "-c", "sleep 60");

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(kubectl.succeed("get", "pod", "sched-hello", "-o",
                "jsonpath={.spec.nodeName} {.status.phase}").stdout()).isEqualTo(node + " Running"));
        String events = kubectl.succeed("get", "events", "--field-selector", "involvedObject.name=sched-hello",
                "-o", "jsonpath={range .items[*]}{.reason}|{.source.component}|{.message}{\"\\n\"}{end}").stdout();
        assertThat(events).contains("Scheduled|default-scheduler|Successfully assigned default/sched-hello to " + node);
        kubectl.succeed("delete", "pod", "sched-hello", "--wait=false");
    }

    @Test
    void aPodWithAnImpossibleNodeSelectorWaitsWithTheFailedSchedulingEventUntilANodeMatches(Kubectl kubectl) {
        String node = kubectl.succeed("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}").stdout().trim();
        kubectl.succeed("apply", "-f", kubectl.file("picky.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: picky}
                spec:
                  nodeSelector: {disktype: ssd}
                  restartPolicy: Never
                  containers:
                  - {name: app, image: busybox, command: [sh, -c, "sleep 60"]}
                """));

        String message = "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. "
                + "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..";
        await().atMost(DEADLINE).untilAsserted(() -> {
            String describe = kubectl.succeed("describe", "pod", "picky").stdout();
            assertThat(describe).containsPattern("Status:\\s+Pending");
            assertThat(describe).containsPattern("Warning\\s+FailedScheduling\\s+.*default-scheduler\\s+"
                    + java.util.regex.Pattern.quote(message));
        });
        assertThat(kubectl.succeed("get", "pod", "picky", "-o",
                "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].status} "
                        + "{.status.conditions[?(@.type==\"PodScheduled\")].reason}").stdout())
                .isEqualTo("False Unschedulable");

        kubectl.succeed("label", "node", node, "disktype=ssd");
        try {
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(kubectl.succeed("get", "pod", "picky", "-o",
                    "jsonpath={.spec.nodeName} {.status.phase}").stdout()).isEqualTo(node + " Running"));
        } finally {
            kubectl.succeed("label", "node", node, "disktype-");
            kubectl.succeed("delete", "pod", "picky", "--wait=false");
        }
    }
}
