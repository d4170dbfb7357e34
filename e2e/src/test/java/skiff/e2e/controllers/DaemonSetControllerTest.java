package skiff.e2e.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/**
 * The DaemonSet controller, observed through the API, with Node objects registered by the test. No kubelet or
 * scheduler runs: the test reads which node each pod is bound to from its required node affinity, and reports pods
 * ready itself.
 */
class DaemonSetControllerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final AtomicInteger TESTS = new AtomicInteger();

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    private final KubernetesClient client = skiff.client();
    private final String ns = "ds-" + TESTS.incrementAndGet();
    // Nodes are cluster-wide: each test's daemon sets select only nodes labelled for that test.
    private final Map<String, String> mine = Map.of("daemon-test", ns);

    @Test
    void aPodIsCreatedForEveryNodeThatMatchesAndToleratesAndBoundThereByNodeAffinity() {
        createNamespace();
        node("match", Map.of("disk", "ssd"), List.of());
        node("other-disk", Map.of("disk", "hdd"), List.of());
        node("tainted", Map.of("disk", "ssd"), List.of(taint("dedicated", "db", "NoSchedule")));
        node("cordoned", Map.of("disk", "ssd"), List.of(taint("node.kubernetes.io/unschedulable", null, "NoSchedule")));
        node("not-ready", Map.of("disk", "ssd"), List.of(taint("node.kubernetes.io/not-ready", null, "NoExecute")));
        DaemonSet ds = daemonSet("agent", "busybox:1");
        ds.getSpec().getTemplate().getSpec().getNodeSelector().put("disk", "ssd");
        client.apps().daemonSets().inNamespace(ns).resource(ds).create();

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(podsByNode().keySet())
                .containsExactlyInAnyOrder(name("match"), name("cordoned"), name("not-ready")));

        Pod pod = podsByNode().get(name("match")).get(0);
        assertThat(pod.getMetadata().getName()).startsWith("agent-");
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(r -> assertThat(r.getKind()).isEqualTo("DaemonSet"));
        assertThat(pod.getMetadata().getLabels()).containsKey("controller-revision-hash");
        var terms = pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        assertThat(terms).singleElement().satisfies(t -> {
            assertThat(t.getMatchFields()).singleElement().satisfies(r -> {
                assertThat(r.getKey()).isEqualTo("metadata.name");
                assertThat(r.getOperator()).isEqualTo("In");
                assertThat(r.getValues()).containsExactly(name("match"));
            });
        });
        assertThat(pod.getSpec().getTolerations().stream().map(t -> t.getKey() + ":" + t.getOperator() + ":"
                + t.getEffect() + ":" + t.getTolerationSeconds())).containsExactlyInAnyOrder(
                "node.kubernetes.io/not-ready:Exists:NoExecute:null",
                "node.kubernetes.io/unreachable:Exists:NoExecute:null",
                "node.kubernetes.io/disk-pressure:Exists:NoSchedule:null",
                "node.kubernetes.io/memory-pressure:Exists:NoSchedule:null",
                "node.kubernetes.io/pid-pressure:Exists:NoSchedule:null",
                "node.kubernetes.io/unschedulable:Exists:NoSchedule:null");

        await().atMost(DEADLINE).untilAsserted(() -> {
            DaemonSet now = client.apps().daemonSets().inNamespace(ns).withName("agent").get();
            assertThat(now.getStatus()).isNotNull();
            assertThat(now.getStatus().getDesiredNumberScheduled()).isEqualTo(3);
            assertThat(now.getStatus().getCurrentNumberScheduled()).isEqualTo(3);
            assertThat(now.getStatus().getNumberMisscheduled()).isZero();
            assertThat(now.getStatus().getNumberReady()).isZero();
            assertThat(now.getStatus().getUpdatedNumberScheduled()).isEqualTo(3);
            assertThat(now.getStatus().getNumberUnavailable()).isEqualTo(3);
            assertThat(now.getStatus().getObservedGeneration()).isEqualTo(now.getMetadata().getGeneration());
        });
        assertThat(client.v1().events().inNamespace(ns).list().getItems().stream().map(e -> e.getReason()))
                .contains("SuccessfulCreate");
    }

    @Test
    void hostNetworkPodsAlsoTolerateAnUnavailableNetwork() {
        createNamespace();
        node("no-network", Map.of(), List.of(taint("node.kubernetes.io/network-unavailable", null, "NoSchedule")));
        DaemonSet ds = daemonSet("net", "busybox:1");
        ds.getSpec().getTemplate().getSpec().setHostNetwork(true);
        client.apps().daemonSets().inNamespace(ns).resource(ds).create();

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(podsByNode()).containsKey(name("no-network")));
        List<Toleration> tolerations = podsByNode().get(name("no-network")).get(0).getSpec().getTolerations();
        assertThat(tolerations).anySatisfy(t -> assertThat(t.getKey())
                .isEqualTo("node.kubernetes.io/network-unavailable"));
    }

    @Test
    void labellingANodeAddsItsPodAndUnlabellingRemovesIt() {
        createNamespace();
        node("first", Map.of("role", "edge"), List.of());
        node("second", Map.of(), List.of());
        DaemonSet ds = daemonSet("edge", "busybox:1");
        ds.getSpec().getTemplate().getSpec().getNodeSelector().put("role", "edge");
        client.apps().daemonSets().inNamespace(ns).resource(ds).create();
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(podsByNode().keySet()).containsExactly(name("first")));

        client.nodes().withName(name("second")).edit(n -> {
            n.getMetadata().getLabels().put("role", "edge");
            return n;
        });
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(podsByNode().keySet())
                .containsExactlyInAnyOrder(name("first"), name("second")));

        client.nodes().withName(name("first")).edit(n -> {
            n.getMetadata().getLabels().remove("role");
            return n;
        });
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(podsByNode().keySet()).containsExactly(name("second")));
    }

    @Test
    void aRollingUpdateReplacesPodsOneNodeAtATimeAndRecordsControllerRevisions() {
        createNamespace();
        for (String n : List.of("a", "b", "c")) {
            node(n, Map.of(), List.of());
        }
        client.apps().daemonSets().inNamespace(ns).resource(daemonSet("roll", "busybox:1")).create();
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(podsByNode()).hasSize(3);
            readyAll();
            assertThat(client.apps().daemonSets().inNamespace(ns).withName("roll").get().getStatus().getNumberReady())
                    .isEqualTo(3);
        });
        String firstHash = podsByNode().get(name("a")).get(0).getMetadata().getLabels()
                .get("controller-revision-hash");

        setImage("roll", "busybox:2");
        String newHash = await().atMost(DEADLINE).until(() -> revisions().stream()
                .filter(r -> r.getRevision() == 2).map(r -> r.getMetadata().getLabels().get("controller-revision-hash"))
                .findFirst().orElse(null), h -> h != null);
        assertThat(newHash).isNotEqualTo(firstHash);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, List<Pod>> byNode = podsByNode();
            // maxUnavailable 1 (the default): at most one node lacks a ready pod at any time.
            long withoutReadyPod = List.of("a", "b", "c").stream().map(this::name)
                    .filter(n -> byNode.getOrDefault(n, List.of()).stream().noneMatch(DaemonSetControllerTest::isReady))
                    .count();
            assertThat(withoutReadyPod).isLessThanOrEqualTo(1);
            readyAll();
            assertThat(byNode.values().stream().flatMap(List::stream)
                    .map(p -> p.getMetadata().getLabels().get("controller-revision-hash")))
                    .hasSize(3).containsOnly(newHash);
        });
        assertThat(revisions().stream().map(r -> r.getMetadata().getName()))
                .containsExactlyInAnyOrder("roll-" + firstHash, "roll-" + newHash);
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(client.apps().daemonSets().inNamespace(ns)
                .withName("roll").get().getStatus().getUpdatedNumberScheduled()).isEqualTo(3));
    }

    @Test
    void onDeleteKeepsOldPodsUntilTheyAreDeleted() {
        createNamespace();
        node("only", Map.of(), List.of());
        DaemonSet ds = daemonSet("manual", "busybox:1");
        ds.getSpec().setUpdateStrategy(new io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategyBuilder()
                .withType("OnDelete").build());
        client.apps().daemonSets().inNamespace(ns).resource(ds).create();
        await().atMost(DEADLINE).until(() -> podsByNode().containsKey(name("only")));
        Pod first = podsByNode().get(name("only")).get(0);

        setImage("manual", "busybox:2");
        await().atMost(DEADLINE).until(() -> revisions().size() == 2);
        await().during(Duration.ofMillis(500)).atMost(DEADLINE).untilAsserted(() -> assertThat(
                podsByNode().get(name("only"))).extracting(p -> p.getMetadata().getUid())
                .containsExactly(first.getMetadata().getUid()));

        client.pods().inNamespace(ns).withName(first.getMetadata().getName()).delete();
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(podsByNode().get(name("only")))
                .singleElement().satisfies(p -> assertThat(p.getSpec().getContainers().get(0).getImage())
                        .isEqualTo("busybox:2")));
    }

    /** Changes the image, retrying when the controller's own write got in first (409). */
    private void setImage(String name, String image) {
        await().atMost(DEADLINE).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
            client.apps().daemonSets().inNamespace(ns).withName(name).edit(d -> {
                d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
                return d;
            });
            return true;
        });
    }

    private Map<String, List<Pod>> podsByNode() {
        return client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .collect(Collectors.groupingBy(p -> p.getSpec().getAffinity().getNodeAffinity()
                        .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().get(0)
                        .getMatchFields().get(0).getValues().get(0)));
    }

    private List<ControllerRevision> revisions() {
        return client.apps().controllerRevisions().inNamespace(ns).list().getItems().stream()
                .sorted(Comparator.comparing(ControllerRevision::getRevision)).toList();
    }

    /** Reports every pod Running and Ready, as a kubelet would once its containers pass readiness. */
    private void readyAll() {
        for (Pod pod : client.pods().inNamespace(ns).list().getItems()) {
            if (isReady(pod)) {
                continue;
            }
            pod.getStatus().setPhase("Running");
            pod.getStatus().setConditions(List.of(new PodConditionBuilder().withType("Ready").withStatus("True")
                    .withLastTransitionTime(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()).build()));
            try {
                client.pods().inNamespace(ns).resource(pod).updateStatus();
            } catch (KubernetesClientException e) {
                // Deleted or changed meanwhile: the next poll reports it again.
            }
        }
    }

    private static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private void createNamespace() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();
    }

    private String name(String node) {
        return ns + "-" + node;
    }

    private Node node(String node, Map<String, String> labels, List<Taint> taints) {
        Map<String, String> all = new java.util.HashMap<>(labels);
        all.putAll(mine);
        return client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name(node)).withLabels(all)
                .endMetadata().withNewSpec().withTaints(taints).endSpec().build()).create();
    }

    private static Taint taint(String key, String value, String effect) {
        return new TaintBuilder().withKey(key).withValue(value).withEffect(effect).build();
    }

    private DaemonSet daemonSet(String name, String image) {
        return new DaemonSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec()
                .withNodeSelector(new java.util.HashMap<>(mine))
                .addNewContainer().withName("main").withImage(image).endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
