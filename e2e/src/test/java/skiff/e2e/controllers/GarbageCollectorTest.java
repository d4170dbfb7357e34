package skiff.e2e.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/**
 * The garbage collector running in {@code skiff server}: dependents of vanished owners go, foreground deletion
 * empties a chain from the bottom, orphaning keeps dependents without their owner reference.
 */
class GarbageCollectorTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().build();

    @Test
    void dependentsOfADeletedOwnerAreDeletedInTheBackground() {
        KubernetesClient client = skiff.client();
        String ns = namespace("gc-background");
        ConfigMap owner = create(configMap(ns, "owner"));
        create(configMap(ns, "dependent", ownerRef(owner, false)));
        create(pod(ns, "dependent-pod", ownerRef(owner, true)));

        client.configMaps().inNamespace(ns).withName("owner").delete();

        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(client.configMaps().inNamespace(ns).withName("dependent").get()).isNull();
            assertThat(client.pods().inNamespace(ns).withName("dependent-pod").get()).isNull();
        });
    }

    @Test
    void aReferenceToAnOwnerUidThatDoesNotExistIsDanglingEvenWhenTheNameDoes() {
        KubernetesClient client = skiff.client();
        String ns = namespace("gc-dangling");
        ConfigMap sameName = create(configMap(ns, "owner"));
        OwnerReference staleUid = new OwnerReferenceBuilder(ownerRef(sameName, false)).withUid("no-such-uid").build();
        create(configMap(ns, "stale", staleUid));
        OwnerReference ghost = new OwnerReferenceBuilder(staleUid).withName("ghost").withUid("ghost-uid").build();
        create(configMap(ns, "orphaned", ghost));

        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(client.configMaps().inNamespace(ns).withName("stale").get()).isNull();
            assertThat(client.configMaps().inNamespace(ns).withName("orphaned").get()).isNull();
        });
        assertThat(client.configMaps().inNamespace(ns).withName("owner").get()).isNotNull();
    }

    @Test
    void aDependentWithAnotherLiveOwnerOnlyLosesTheDanglingReference() {
        KubernetesClient client = skiff.client();
        String ns = namespace("gc-two-owners");
        ConfigMap kept = create(configMap(ns, "kept-owner"));
        ConfigMap deleted = create(configMap(ns, "deleted-owner"));
        create(configMap(ns, "shared", ownerRef(kept, false), ownerRef(deleted, false)));

        client.configMaps().inNamespace(ns).withName("deleted-owner").delete();

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(
                client.configMaps().inNamespace(ns).withName("shared").get().getMetadata().getOwnerReferences())
                .extracting(OwnerReference::getName).containsExactly("kept-owner"));
    }

    @Test
    void foregroundDeletionRemovesPodsThenTheReplicaSetThenTheDeployment() {
        KubernetesClient client = skiff.client();
        String ns = namespace("gc-foreground");
        Deployment deployment = create(new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace(ns).withFinalizers("foregroundDeletion").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer().endSpec()
                .endTemplate().endSpec().build());
        // The API server adds this finalizer when the garbage collector deletes the ReplicaSet in the foreground;
        // it is here already so the chain is the same whichever side of that change the server is on.
        ReplicaSet replicaSet = create(new ReplicaSetBuilder(replicaSet(ns, "web-1", ownerRef(deployment, true)))
                .editMetadata().withFinalizers("foregroundDeletion").endMetadata().build());
        create(pod(ns, "web-1-a", ownerRef(replicaSet, true)));
        String rv = create(pod(ns, "web-1-b", ownerRef(replicaSet, true))).getMetadata().getResourceVersion();
        awaitCollectorSaw(pod(ns, "probe"), replicaSet(ns, "probe"));
        Map<String, Long> deletedAt = new ConcurrentHashMap<>();
        try (Watch pods = client.pods().inNamespace(ns).withResourceVersion(rv).watch(deletions(deletedAt));
                Watch sets = client.apps().replicaSets().inNamespace(ns).withResourceVersion(rv)
                        .watch(deletions(deletedAt));
                Watch deployments = client.apps().deployments().inNamespace(ns).withResourceVersion(rv)
                        .watch(deletions(deletedAt))) {

            client.apps().deployments().inNamespace(ns).withName("web")
                    .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();

            await().atMost(DEADLINE).until(() -> deletedAt.keySet().containsAll(
                    List.of("Pod/web-1-a", "Pod/web-1-b", "ReplicaSet/web-1", "Deployment/web")));
        }
        long lastPod = Math.max(deletedAt.get("Pod/web-1-a"), deletedAt.get("Pod/web-1-b"));
        assertThat(lastPod).isLessThan(deletedAt.get("ReplicaSet/web-1"));
        assertThat(deletedAt.get("ReplicaSet/web-1")).isLessThan(deletedAt.get("Deployment/web"));
    }

    @Test
    void anOwnerWaitsInForegroundDeletionWhileABlockingDependentIsHeldByAnotherFinalizer() {
        KubernetesClient client = skiff.client();
        String ns = namespace("gc-blocked");
        ConfigMap owner = create(new ConfigMapBuilder(configMap(ns, "owner")).editMetadata()
                .withFinalizers("foregroundDeletion").endMetadata().build());
        create(new ConfigMapBuilder(configMap(ns, "held", ownerRef(owner, true))).editMetadata()
                .withFinalizers("example.com/hold").endMetadata().build());
        awaitCollectorSaw(configMap(ns, "probe"));

        client.configMaps().inNamespace(ns).withName("owner").withPropagationPolicy(DeletionPropagation.FOREGROUND)
                .delete();

        await().atMost(DEADLINE).until(() -> client.configMaps().inNamespace(ns).withName("held").get()
                .getMetadata().getDeletionTimestamp() != null);
        assertThat(client.configMaps().inNamespace(ns).withName("owner").get().getMetadata().getFinalizers())
                .containsExactly("foregroundDeletion");

        client.configMaps().inNamespace(ns).withName("held")
                .edit(c -> new ConfigMapBuilder(c).editMetadata().withFinalizers(List.of()).endMetadata().build());

        await().atMost(DEADLINE).untilAsserted(
                () -> assertThat(client.configMaps().inNamespace(ns).withName("owner").get()).isNull());
    }

    @Test
    void orphanedDependentsStayWithoutTheirOwnerReference() {
        KubernetesClient client = skiff.client();
        String ns = namespace("gc-orphan");
        ConfigMap owner = create(new ConfigMapBuilder(configMap(ns, "owner")).editMetadata()
                .withFinalizers("orphan").endMetadata().build());
        ConfigMap other = create(configMap(ns, "other-owner"));
        create(configMap(ns, "dependent", ownerRef(owner, true)));
        create(pod(ns, "dependent-pod", ownerRef(owner, true), ownerRef(other, false)));
        awaitCollectorSaw(configMap(ns, "probe"), pod(ns, "probe"));

        client.configMaps().inNamespace(ns).withName("owner").withPropagationPolicy(DeletionPropagation.ORPHAN)
                .delete();

        await().atMost(DEADLINE).untilAsserted(
                () -> assertThat(client.configMaps().inNamespace(ns).withName("owner").get()).isNull());
        assertThat(client.configMaps().inNamespace(ns).withName("dependent").get().getMetadata().getOwnerReferences())
                .isEmpty();
        assertThat(client.pods().inNamespace(ns).withName("dependent-pod").get().getMetadata().getOwnerReferences())
                .extracting(OwnerReference::getName).containsExactly("other-owner");
    }

    private static String namespace(String name) {
        skiff.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
                .build()).create();
        return name;
    }

    private static <T extends HasMetadata> T create(T object) {
        return skiff.client().resource(object).create();
    }

    private static ConfigMap configMap(String ns, String name, OwnerReference... owners) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .withOwnerReferences(owners).endMetadata().addToData("k", "v").build();
    }

    private static ReplicaSet replicaSet(String ns, String name, OwnerReference... owners) {
        return new ReplicaSetBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).withOwnerReferences(owners).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    /**
     * Waits until the garbage collector's caches hold everything created so far in these objects' resources: each
     * probe names an owner that never existed, and a watch delivers events in order, so once the collector has
     * deleted a probe it has seen every earlier object of that resource. (Kubernetes' collector has the same blind
     * spot: an owner deleted before the collector sees a dependent does not wait for it, or orphan it.)
     */
    private static void awaitCollectorSaw(HasMetadata... probes) {
        KubernetesClient client = skiff.client();
        OwnerReference ghost = new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                .withName("ghost").withUid("ghost-uid").build();
        for (HasMetadata probe : probes) {
            probe.getMetadata().setOwnerReferences(List.of(ghost));
            create(probe);
        }
        await().atMost(DEADLINE).until(() -> Arrays.stream(probes)
                .allMatch(p -> client.resource(p).get() == null));
    }

    private static Pod pod(String ns, String name, OwnerReference... owners) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).withOwnerReferences(owners)
                .endMetadata().withNewSpec().addNewContainer().withName("main").withImage("busybox").endContainer()
                .endSpec().build();
    }

    private static OwnerReference ownerRef(HasMetadata owner, boolean blockOwnerDeletion) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withBlockOwnerDeletion(blockOwnerDeletion).build();
    }

    /** Records the resourceVersion at which each object was deleted, keyed "Kind/name". */
    private static <T extends HasMetadata> Watcher<T> deletions(Map<String, Long> deletedAt) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T object) {
                if (action == Action.DELETED) {
                    deletedAt.put(object.getKind() + "/" + object.getMetadata().getName(),
                            Long.parseLong(object.getMetadata().getResourceVersion()));
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        };
    }
}
