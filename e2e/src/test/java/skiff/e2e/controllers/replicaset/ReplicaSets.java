package skiff.e2e.controllers.replicaset;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import skiff.e2e.controllers.ReplicasPatch;

/** Objects and reads shared by the ReplicaSet controller tests, over one client. */
final class ReplicaSets {
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private final KubernetesClient client;

    ReplicaSets(KubernetesClient client) {
        this.client = client;
    }

    String namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }

    static PodTemplateSpec template(Map<String, String> labels) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("busybox").endContainer().endSpec()
                .build();
    }

    ReplicaSet createReplicaSet(String ns, String name, int replicas, Map<String, String> labels) {
        return client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                    .withReplicas(replicas)
                    .withNewSelector().withMatchLabels(labels).endSelector()
                    .withTemplate(template(labels))
                .endSpec()
                .build()).create();
    }

    Pod createBarePod(String ns, String name, Map<String, String> labels) {
        return createBarePod(ns, name, labels, null, Map.of());
    }

    /** A pod without owner; {@code node} non-null puts it on that node as if scheduled (no kubelet runs it). */
    Pod createBarePod(String ns, String name, Map<String, String> labels, String node,
            Map<String, String> annotations) {
        return client.pods().inNamespace(ns).resource(new PodBuilder()
                .withNewMetadata().withName(name).withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec().withNodeName(node)
                    .addNewContainer().withName("app").withImage("busybox").endContainer().endSpec()
                .build()).create();
    }

    /**
     * Returns once the controller's pod cache holds every pod write made in {@code ns} so far. Informer events
     * arrive in order, so it suffices that the controller acted on a newer pod: a set of zero replicas adopts a
     * matching sentinel pod and deletes it as surplus.
     */
    void awaitControllerCaughtUp(String ns) {
        Map<String, String> probe = Map.of("probe", "cache");
        createReplicaSet(ns, "cache-probe", 0, probe);
        createBarePod(ns, "cache-sentinel", probe);
        await().atMost(DEADLINE).until(() -> client.pods().inNamespace(ns).withName("cache-sentinel").get() == null);
        client.apps().replicaSets().inNamespace(ns).withName("cache-probe").delete();
    }

    void scale(String ns, String name, int replicas) {
        ReplicasPatch.set(client.apps().replicaSets().inNamespace(ns).withName(name), replicas);
    }

    /** Active pods (not being deleted) in {@code ns} whose controller is the object with {@code ownerUid}. */
    List<Pod> activePodsOwnedBy(String ns, String ownerUid) {
        return client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> ownerUid.equals(controllerUid(p)))
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
    }

    List<Pod> awaitOwnedPods(String ns, String ownerUid, int count) {
        await().atMost(DEADLINE).until(() -> activePodsOwnedBy(ns, ownerUid).size() == count);
        return activePodsOwnedBy(ns, ownerUid);
    }

    static String controllerUid(Pod pod) {
        if (pod.getMetadata().getOwnerReferences() == null) {
            return null;
        }
        return pod.getMetadata().getOwnerReferences().stream()
                .filter(r -> Boolean.TRUE.equals(r.getController()))
                .map(r -> r.getUid()).findFirst().orElse(null);
    }

    ReplicaSet get(String ns, String name) {
        return client.apps().replicaSets().inNamespace(ns).withName(name).get();
    }

    List<Event> eventsAbout(String ns, String name, String reason) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .filter(e -> reason.equals(e.getReason()))
                .toList();
    }

    /** Sets a pod's status as a kubelet would: phase Running, ready or not since {@code since}, with restarts. */
    void reportRunning(String ns, String podName, boolean ready, Instant since, int restarts) {
        String at = DateTimeFormatter.ISO_INSTANT.format(since.truncatedTo(ChronoUnit.SECONDS));
        client.pods().inNamespace(ns).withName(podName).editStatus(p -> new PodBuilder(p).editStatus()
                .withPhase("Running")
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False")
                        .withLastTransitionTime(at).build())
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("app").withImage("busybox").withImageID("").withReady(ready)
                        .withRestartCount(restarts).withStarted(true).build())
                .endStatus().build());
    }
}
