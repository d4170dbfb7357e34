package skiff.e2e.together;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Watchable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import skiff.e2e.Kubectl;
import skiff.e2e.SkiffProcessExtension;
import skiff.e2e.WorkloadManifests;

/**
 * The whole cluster at once, as a user drives it with the real kubectl against a real {@code skiff server}: nothing is
 * faked. Pods without a node are scheduled onto the server's own node by the scheduler and run there as processes,
 * the kubelet reports their status, and the workload controllers act on what they see. Each test works in a
 * namespace of its own.
 */
class ClusterTogetherTest {
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    private static KubernetesClient client;

    @BeforeAll
    static void connect() {
        client = new KubernetesClientBuilder().withConfig(skiff.server().clientConfig()).build();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void aDeploymentRollsOutRollsBackAndScalesDownWithRunningPods(Kubectl kubectl) {
        String ns = namespace(kubectl, "deploy");
        kubectl.succeed("create", "deployment", "web", "-n", ns, "--image=busybox", "--replicas=3", "--",
                "sh", "-c", "exec sleep 3600");

        rolledOut(kubectl, ns, "deployment/web");
        assertThat(livePods(kubectl, ns, "app=web")).hasSize(3)
                .allSatisfy(p -> assertThat(p).endsWith(" Running True busybox"));

        // Defaults of 25% on 3 replicas: maxSurge rounds up to 1, maxUnavailable down to 0 (k/k
        // pkg/controller/deployment/util/deployment_util.go ResolveFenceposts): never more than 4 pods wanted, never
        // fewer than 3 available.
        try (Recorded<ReplicaSet> sets = record(client.apps().replicaSets().inNamespace(ns));
                Recorded<Deployment> deployments = record(client.apps().deployments().inNamespace(ns))) {
            kubectl.succeed("set", "image", "deployment/web", "-n", ns, "busybox=busybox:1.36");
            rolledOut(kubectl, ns, "deployment/web");

            assertThat(sets.maxOverTime(rs -> rs.getSpec().getReplicas())).isBetween(3, 4);
            assertThat(deployments.history(ClusterTogetherTest::available))
                    .allSatisfy(available -> assertThat(available).isBetween(3, 4));
        }
        assertThat(replicaSets(kubectl, ns)).containsExactly("1 0 busybox", "2 3 busybox:1.36");
        assertThat(livePods(kubectl, ns, "app=web")).hasSize(3)
                .allSatisfy(p -> assertThat(p).endsWith(" Running True busybox:1.36"));
        assertThat(kubectl.succeed("rollout", "history", "deployment/web", "-n", ns).stdout())
                .containsPattern("(?m)^1\\s+<none>$").containsPattern("(?m)^2\\s+<none>$");

        assertThat(kubectl.succeed("rollout", "undo", "deployment/web", "-n", ns).stdout())
                .isEqualTo("deployment.apps/web rolled back\n");
        rolledOut(kubectl, ns, "deployment/web");
        // Rolling back makes the first replica set current again under the next revision number.
        assertThat(replicaSets(kubectl, ns)).containsExactly("2 0 busybox:1.36", "3 3 busybox");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(allPods(kubectl, ns, "app=web")).hasSize(3));
        assertThat(livePods(kubectl, ns, "app=web"))
                .allSatisfy(p -> assertThat(p).endsWith(" Running True busybox"));

        kubectl.succeed("scale", "deployment", "web", "-n", ns, "--replicas=1");
        // The kubelet deletes a pod's object only once its containers stopped.
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(allPods(kubectl, ns, "app=web")).hasSize(1));
        rolledOut(kubectl, ns, "deployment/web");
    }

    @Test
    void aReplicaSetReplacesADeletedPodAndNamesWhyItDeletesOnScaleDown(Kubectl kubectl) {
        String ns = namespace(kubectl, "rs");
        kubectl.succeed("apply", "-n", ns, "-f", kubectl.file("rs.yaml",
                WorkloadManifests.replicaSet("web", 3, "terminationGracePeriodSeconds: 5")));
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(livePods(kubectl, ns, "app=web")).hasSize(3)
                .allSatisfy(p -> assertThat(p).contains(" Running True ")));

        String deleted = name(livePods(kubectl, ns, "app=web").getFirst());
        kubectl.succeed("delete", "pod", deleted, "-n", ns);
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(livePods(kubectl, ns, "app=web")).hasSize(3)
                .allSatisfy(p -> assertThat(p).contains(" Running True ").doesNotStartWith(deleted + " ")));
        List<String> before = livePods(kubectl, ns, "app=web").stream().map(ClusterTogetherTest::name).toList();

        kubectl.succeed("scale", "rs", "web", "-n", ns, "--replicas=1");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(allPods(kubectl, ns, "app=web")).hasSize(1));
        String survivor = name(livePods(kubectl, ns, "app=web").getFirst());
        String described = kubectl.succeed("describe", "rs", "web", "-n", ns).stdout();
        assertThat(described).containsPattern("Replicas:\\s+1 current / 1 desired");
        for (String victim : before) {
            if (!victim.equals(survivor)) {
                assertThat(described)
                        .containsPattern("Normal\\s+SuccessfulDelete\\s+.*Deleted pod: " + victim
                                + " \\(scale-down: .+\\)");
            }
        }
    }

    @Test
    void anOrderedStatefulSetStartsEachPodAfterThePreviousIsReadyAndScalesDownFromTheTop(Kubectl kubectl) {
        String ns = namespace(kubectl, "sts");
        try (Recorded<Pod> pods = record(client.pods().inNamespace(ns))) {
            kubectl.succeed("apply", "-n", ns, "-f", kubectl.file("sts.yaml", """
                    apiVersion: apps/v1
                    kind: StatefulSet
                    metadata: {name: web}
                    spec:
                      replicas: 3
                      serviceName: web
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec:
                          terminationGracePeriodSeconds: 5
                          containers:
                          - name: main
                            image: busybox
                            command: [sh, -c, "echo $HOSTNAME; exec sleep 3600"]
                            readinessProbe:
                              exec: {command: ["true"]}
                              initialDelaySeconds: 2
                              periodSeconds: 1
                    """));
            rolledOut(kubectl, ns, "sts/web");
            assertThat(livePods(kubectl, ns, "app=web")).extracting(ClusterTogetherTest::name)
                    .containsExactly("web-0", "web-1", "web-2");

            // OrderedReady: a pod is created only once every lower ordinal is Running and Ready (k/k
            // pkg/controller/statefulset/stateful_set_control.go).
            pods.awaitEvent(e -> e.name().equals("web-2") && ready(e.object()));
            List<Event<Pod>> seen = pods.events();
            assertThat(firstIndex(seen, e -> e.name().equals("web-1")))
                    .isGreaterThan(firstIndex(seen, e -> e.name().equals("web-0") && ready(e.object())));
            assertThat(firstIndex(seen, e -> e.name().equals("web-2")))
                    .isGreaterThan(firstIndex(seen, e -> e.name().equals("web-1") && ready(e.object())));

            kubectl.succeed("scale", "sts", "web", "-n", ns, "--replicas=1");
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(allPods(kubectl, ns, "app=web"))
                    .extracting(ClusterTogetherTest::name).containsExactly("web-0"));
            // Scale-down goes from the highest ordinal, one pod at a time.
            pods.awaitEvent(e -> e.name().equals("web-1") && e.action() == Watcher.Action.DELETED);
            seen = pods.events();
            assertThat(firstIndex(seen, e -> e.name().equals("web-1") && terminating(e.object())))
                    .isGreaterThan(firstIndex(seen,
                            e -> e.name().equals("web-2") && e.action() == Watcher.Action.DELETED));
        }
        // The runtime gives each container its pod's hostname, the pod's name, as $HOSTNAME.
        assertThat(kubectl.succeed("logs", "web-0", "-n", ns).stdout()).isEqualTo("web-0\n");
    }

    @Test
    void aDaemonSetRunsOnePodOnTheNode(Kubectl kubectl) {
        String ns = namespace(kubectl, "ds");
        String node = node(kubectl);
        kubectl.succeed("apply", "-n", ns, "-f", kubectl.file("ds.yaml",
                WorkloadManifests.daemonSet("x", "terminationGracePeriodSeconds: 5")));

        rolledOut(kubectl, ns, "ds/x");
        assertThat(kubectl.succeed("get", "pods", "-n", ns, "-l", "app=x", "-o",
                "jsonpath={range .items[*]}{.spec.nodeName} {.status.phase}{'\\n'}{end}").stdout())
                .isEqualTo(node + " Running\n");
    }

    @Test
    void aDeploymentsPodNoNodeMatchesWaitsUntilTheNodeIsLabelled(Kubectl kubectl) {
        String ns = namespace(kubectl, "select");
        String node = node(kubectl);
        kubectl.succeed("apply", "-n", ns, "-f", kubectl.file("picky.yaml", WorkloadManifests.deployment("picky", 1,
                "nodeSelector: {together-disk: ssd}, terminationGracePeriodSeconds: 5")));

        await().atMost(DEADLINE).untilAsserted(() -> {
            List<String> pods = livePods(kubectl, ns, "app=picky");
            assertThat(pods).hasSize(1);
            String described = kubectl.succeed("describe", "pod", name(pods.getFirst()), "-n", ns).stdout();
            assertThat(described).containsPattern("Status:\\s+Pending")
                    .containsPattern("Warning\\s+FailedScheduling\\s+.*default-scheduler\\s+0/1 nodes are available: "
                            + "1 node\\(s\\) didn't match Pod's node affinity/selector\\.");
        });

        kubectl.succeed("label", "node", node, "together-disk=ssd");
        try {
            rolledOut(kubectl, ns, "deployment/picky");
            assertThat(kubectl.succeed("get", "pods", "-n", ns, "-l", "app=picky", "-o",
                    "jsonpath={range .items[*]}{.spec.nodeName} {.status.phase}{'\\n'}{end}").stdout())
                    .isEqualTo(node + " Running\n");
        } finally {
            kubectl.succeed("label", "node", node, "together-disk-");
        }
    }

    @Test
    void scalingDownADeploymentStopsTheVictimWithSigterm(Kubectl kubectl, @TempDir Path marks) throws Exception {
        String ns = namespace(kubectl, "graceful");
        // The shell's PID is $$ to sh, written $$$$ because Kubernetes turns $$ in a command into $ (k/k
        // third_party/forked/golang/expansion/expand.go).
        kubectl.succeed("apply", "-n", ns, "-f", kubectl.file("graceful.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: graceful}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: graceful}}
                  template:
                    metadata: {labels: {app: graceful}}
                    spec:
                      terminationGracePeriodSeconds: 30
                      volumes:
                      - {name: marks, hostPath: {path: %s}}
                      containers:
                      - name: main
                        image: busybox
                        env:
                        - name: POD_NAME
                          valueFrom: {fieldRef: {fieldPath: metadata.name}}
                        volumeMounts:
                        - {name: marks, mountPath: /marks}
                        command:
                        - sh
                        - -c
                        - >-
                          echo $$$$ > "$SKIFF_VOLUME_MARKS/$POD_NAME.pid";
                          trap 'echo TERM > "$SKIFF_VOLUME_MARKS/$POD_NAME"; exit 0' TERM;
                          while true; do sleep 1 & wait $!; done
                """.formatted(marks)));
        rolledOut(kubectl, ns, "deployment/graceful");
        List<String> before = livePods(kubectl, ns, "app=graceful").stream().map(ClusterTogetherTest::name).toList();
        assertThat(before).hasSize(2);

        kubectl.succeed("scale", "deployment", "graceful", "-n", ns, "--replicas=1");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(allPods(kubectl, ns, "app=graceful")).hasSize(1));
        String survivor = name(livePods(kubectl, ns, "app=graceful").getFirst());
        String victim = before.stream().filter(p -> !p.equals(survivor)).findFirst().orElseThrow();

        // The pod is gone only after its process exited; it wrote the marker from its SIGTERM trap on the way out.
        assertThat(marks.resolve(victim)).hasContent("TERM");
        assertThat(ProcessHandle.of(pid(marks, victim)).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(marks.resolve(survivor)).doesNotExist();
        assertThat(ProcessHandle.of(pid(marks, survivor)).filter(ProcessHandle::isAlive)).isPresent();
    }

    private static long pid(Path marks, String pod) throws IOException {
        return Long.parseLong(Files.readString(marks.resolve(pod + ".pid")).trim());
    }

    private static String namespace(Kubectl kubectl, String name) {
        kubectl.succeed("create", "namespace", name);
        return name;
    }

    private static String node(Kubectl kubectl) {
        return kubectl.succeed("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}").stdout().trim();
    }

    /** {@code kubectl rollout status}, retried until it reports the rollout complete. */
    private static void rolledOut(Kubectl kubectl, String ns, String workload) {
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(kubectl.run("rollout", "status", workload, "-n", ns,
                "--timeout=30s").succeeded()).isTrue());
    }

    /** "name phase ready image" of each pod selected that is not being deleted, sorted by name. */
    private static List<String> livePods(Kubectl kubectl, String ns, String selector) {
        return allPods(kubectl, ns, selector).stream().filter(p -> !p.endsWith(" deleting")).sorted().toList();
    }

    /** Each pod selected, including those being deleted (marked " deleting"). */
    private static List<String> allPods(Kubectl kubectl, String ns, String selector) {
        String out = kubectl.succeed("get", "pods", "-n", ns, "-l", selector, "-o", "jsonpath={range .items[*]}"
                + "{.metadata.name}|{.status.phase}|{.status.conditions[?(@.type==\"Ready\")].status}|"
                + "{.spec.containers[0].image}|{.metadata.deletionTimestamp}{'\\n'}{end}").stdout();
        return out.lines().filter(l -> !l.isBlank()).map(l -> {
            String[] fields = l.split("\\|", -1);
            return String.join(" ", fields[0], fields[1], fields[2], fields[3])
                    + (fields[4].isEmpty() ? "" : " deleting");
        }).toList();
    }

    /** "revision replicas image" of each replica set, sorted by revision. */
    private static List<String> replicaSets(Kubectl kubectl, String ns) {
        return kubectl.succeed("get", "rs", "-n", ns, "-o", "jsonpath={range .items[*]}"
                        + "{.metadata.annotations.deployment\\.kubernetes\\.io/revision} {.spec.replicas} "
                        + "{.spec.template.spec.containers[0].image}{'\\n'}{end}").stdout()
                .lines().filter(l -> !l.isBlank()).sorted().toList();
    }

    private static String name(String podLine) {
        return podLine.substring(0, podLine.indexOf(' '));
    }

    private static int available(Deployment deployment) {
        return deployment.getStatus() == null || deployment.getStatus().getAvailableReplicas() == null ? 0
                : deployment.getStatus().getAvailableReplicas();
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    private static boolean terminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    private static <T> int firstIndex(List<Event<T>> events, Predicate<Event<T>> matching) {
        for (int i = 0; i < events.size(); i++) {
            if (matching.test(events.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such event among "
                + events.stream().map(e -> e.action() + " " + e.name()).toList());
    }

    private static <T extends HasMetadata> Recorded<T> record(
            Watchable<T> watchable) {
        Recorded<T> recorded = new Recorded<>();
        recorded.watch = watchable.watch(recorded);
        return recorded;
    }

    /** One event of a watch, in the order received. */
    record Event<T>(Watcher.Action action, String name, T object) {}

    /** Every event of a watch, kept in order. */
    static final class Recorded<T extends HasMetadata>
            implements Watcher<T>, AutoCloseable {
        private final List<Event<T>> events = new ArrayList<>();
        private Watch watch;

        @Override
        public synchronized void eventReceived(Action action, T object) {
            events.add(new Event<>(action, object.getMetadata().getName(), object));
        }

        @Override
        public void onClose(WatcherException cause) {
            // The test reads what came before; a closed watch shows as missing events.
        }

        synchronized List<Event<T>> events() {
            return List.copyOf(events);
        }

        /** Waits for an event that matches: the watch may trail what kubectl already saw. */
        void awaitEvent(Predicate<Event<T>> matching) {
            await().atMost(DEADLINE).until(() -> events().stream().anyMatch(matching));
        }

        /** f of each object's state after each event, in order. */
        synchronized <V> List<V> history(Function<T, V> f) {
            return events.stream().filter(e -> e.action() != Action.DELETED).map(e -> f.apply(e.object())).toList();
        }

        /** The largest sum over all live objects of f, after any event. */
        synchronized int maxOverTime(Function<T, Integer> f) {
            Map<String, Integer> current = new HashMap<>();
            int max = 0;
            for (Event<T> e : events) {
                if (e.action() == Action.DELETED) {
                    current.remove(e.name());
                } else {
                    current.put(e.name(), f.apply(e.object()));
                }
                max = Math.max(max, current.values().stream().mapToInt(Integer::intValue).sum());
            }
            return max;
        }

        @Override
        public void close() {
            watch.close();
        }
    }
}
