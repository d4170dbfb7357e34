package skiff.e2e.deletion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/** Propagation policies, the garbage collector's finalizers, and what an object being deleted still accepts. */
class PropagationPolicyTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory()
            // These tests look at the API server's half (the finalizers it adds); the collector (and the replica set
            // controller, for the replica sets they use as owners) would act on them.
            .disableControllers("garbagecollector", "replicaset").build();

    private static ReplicaSet replicaSet(KubernetesClient client, String name) {
        String manifest = """
                {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "%s"},
                 "spec": {"replicas": 0, "selector": {"matchLabels": {"app": "%s"}},
                          "template": {"metadata": {"labels": {"app": "%s"}},
                                       "spec": {"containers": [{"name": "app", "image": "nginx"}]}}}}"""
                .formatted(name, name, name);
        return client.apps().replicaSets().resource(client.getKubernetesSerialization().unmarshal(manifest,
                ReplicaSet.class)).create();
    }

    private static ConfigMap configMap(KubernetesClient client, String name, String... finalizers) {
        return client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(name)
                .withFinalizers(finalizers).endMetadata().addToData("k", "v").build()).create();
    }

    @Test
    void foregroundDeletionLeavesTheObjectWithTheForegroundFinalizer(KubernetesClient client) {
        replicaSet(client, "foreground");

        client.apps().replicaSets().withName("foreground").withPropagationPolicy(DeletionPropagation.FOREGROUND)
                .delete();

        ReplicaSet marked = client.apps().replicaSets().withName("foreground").get();
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(marked.getMetadata().getFinalizers()).containsExactly("foregroundDeletion");
    }

    @Test
    void orphanDeletionLeavesTheObjectWithTheOrphanFinalizer(KubernetesClient client) {
        replicaSet(client, "orphan");

        client.apps().replicaSets().withName("orphan").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();

        ReplicaSet marked = client.apps().replicaSets().withName("orphan").get();
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(marked.getMetadata().getFinalizers()).containsExactly("orphan");
    }

    @Test
    void backgroundDeletionRemovesTheObjectAtOnce(KubernetesClient client) {
        replicaSet(client, "background");

        client.apps().replicaSets().withName("background").withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();

        assertThat(client.apps().replicaSets().withName("background").get()).isNull();
    }

    @Test
    void aReplicationControllerDeletedWithoutAPolicyOrphansByDefault(KubernetesClient client) {
        client.resource("""
                {"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "legacy"},
                 "spec": {"replicas": 0, "template": {"metadata": {"labels": {"app": "legacy"}},
                          "spec": {"containers": [{"name": "app", "image": "nginx"}]}}}}""")
                .inNamespace("default").create();

        RawApi.Response response = new RawApi(client)
                .delete("/api/v1/namespaces/default/replicationcontrollers/legacy", null);

        assertThat(response.code()).isEqualTo(200);
        assertThat(client.replicationControllers().withName("legacy").get().getMetadata().getFinalizers())
                .containsExactly("orphan");
    }

    @Test
    void theDeprecatedOrphanFlagSetToFalseAnswers202WhileTheObjectStays(KubernetesClient client) {
        configMap(client, "held", "example.com/hold");

        RawApi.Response response = new RawApi(client).delete("/api/v1/namespaces/default/configmaps/held",
                "{\"orphanDependents\": false}");

        assertThat(response.code()).isEqualTo(202);
        assertThat(response.body().path("metadata").path("deletionTimestamp").isString()).isTrue();
    }

    @Test
    void theDeprecatedFlagAndAPolicyTogetherAreInvalid(KubernetesClient client) {
        configMap(client, "both");

        RawApi.Response response = new RawApi(client).delete("/api/v1/namespaces/default/configmaps/both",
                "{\"orphanDependents\": true, \"propagationPolicy\": \"Orphan\"}");

        assertThat(response.code()).isEqualTo(422);
        assertThat(response.body().path("message").asString()).isEqualTo("DeleteOptions.meta.k8s.io \"\" is invalid: "
                + "propagationPolicy: Invalid value: \"Orphan\": orphanDependents and deletionPropagation cannot be "
                + "both set");
        assertThat(client.configMaps().withName("both").get()).isNotNull();
    }

    @Test
    void noFinalizerMayBeAddedOnceTheObjectIsBeingDeleted(KubernetesClient client) {
        configMap(client, "closing", "example.com/hold");
        client.configMaps().withName("closing").delete();
        ConfigMap marked = client.configMaps().withName("closing").get();
        marked.getMetadata().setFinalizers(List.of("example.com/hold", "example.com/late"));

        assertThatThrownBy(() -> client.configMaps().resource(marked).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getMessage()).isEqualTo("ConfigMap \"closing\" is invalid: "
                            + "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being "
                            + "deleted, found new finalizers []string{\"example.com/late\"}");
                });
    }

    @Test
    void removingTheGarbageCollectorsFinalizerFinishesTheDeletion(KubernetesClient client) {
        replicaSet(client, "collected");
        client.apps().replicaSets().withName("collected").withPropagationPolicy(DeletionPropagation.FOREGROUND)
                .delete();

        ReplicaSet marked = client.apps().replicaSets().withName("collected").get();
        marked.getMetadata().setFinalizers(List.of());
        client.apps().replicaSets().resource(marked).update();

        assertThat(client.apps().replicaSets().withName("collected").get()).isNull();
    }

    @Test
    void aUidPreconditionThatDoesNotMatchRefusesTheDelete(KubernetesClient client) {
        ConfigMap cm = configMap(client, "guarded");

        RawApi.Response response = new RawApi(client).delete("/api/v1/namespaces/default/configmaps/guarded",
                "{\"preconditions\": {\"uid\": \"not-the-uid\"}}");

        assertThat(response.code()).isEqualTo(409);
        assertThat(response.body().path("message").asString()).isEqualTo("Operation cannot be fulfilled on ConfigMap "
                + "\"guarded\": the UID in the precondition (not-the-uid) does not match the UID in record ("
                + cm.getMetadata().getUid() + "). The object might have been deleted and then recreated");
        assertThat(client.configMaps().withName("guarded").get()).isNotNull();
    }

    @Test
    void aDryRunDeleteLeavesTheObject(KubernetesClient client) {
        configMap(client, "rehearsal");

        RawApi.Response response = new RawApi(client)
                .delete("/api/v1/namespaces/default/configmaps/rehearsal?dryRun=All", null);

        assertThat(response.code()).isEqualTo(200);
        assertThat(client.configMaps().withName("rehearsal").get()).isNotNull();
    }
}
