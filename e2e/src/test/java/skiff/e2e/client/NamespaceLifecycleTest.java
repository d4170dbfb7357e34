package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static skiff.e2e.client.Eventually.eventually;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher.Action;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import skiff.testing.SkiffExtension;

/**
 * Namespaces (docs "Namespaces", k/k plugin/pkg/admission/namespace/lifecycle): objects need an existing, active
 * namespace; deleting one empties it before it goes; the system namespaces cannot be deleted.
 */
class NamespaceLifecycleTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().build();

    private final KubernetesClient client = skiff.client();

    @Test
    void creatingIntoAMissingNamespaceIsNotFoundAndStoresNothing() {
        assertThatThrownBy(() -> client.resource(SampleObjects.configMap("nowhere", "lost")).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getStatus().getReason()).isEqualTo("NotFound");
                    assertThat(e.getStatus().getMessage()).isEqualTo("namespaces \"nowhere\" not found");
                    assertThat(e.getStatus().getDetails().getName()).isEqualTo("nowhere");
                    assertThat(e.getStatus().getDetails().getKind()).isEqualTo("namespaces");
                });

        assertThat(client.configMaps().inNamespace("nowhere").list().getItems()).isEmpty();
        assertThat(client.configMaps().inAnyNamespace().withField("metadata.name", "lost").list().getItems())
                .isEmpty();
    }

    @Test
    void deletingANamespaceRemovesEverythingInItAndThenTheNamespace() {
        String namespace = FreshNamespace.create(client, "doomed");
        client.resource(SampleObjects.configMap(namespace, "settings")).create();
        client.resource(new SecretBuilder().withMetadata(SampleObjects.meta(namespace, "credentials"))
                .withStringData(Map.of("password", "secret")).build()).create();
        client.resource(SampleObjects.pod(namespace, "web")).create();
        client.resource(SampleObjects.deployment(namespace, "web")).create();
        String start = client.namespaces().withName(namespace).get().getMetadata().getResourceVersion();
        RecordingWatcher<Namespace> watcher = new RecordingWatcher<>();
        try (Watch watch = client.namespaces().withField("metadata.name", namespace).withResourceVersion(start)
                .watch(watcher)) {
            client.namespaces().withName(namespace).delete();

            eventually().until(() -> client.namespaces().withName(namespace).get() == null);

            assertThat(client.configMaps().inNamespace(namespace).list().getItems()).isEmpty();
            assertThat(client.secrets().inNamespace(namespace).list().getItems()).isEmpty();
            assertThat(client.pods().inNamespace(namespace).list().getItems()).isEmpty();
            assertThat(client.apps().deployments().inNamespace(namespace).list().getItems()).isEmpty();
            List<RecordingWatcher.Event> events = watcher.awaitAction(Action.DELETED, namespace);
            assertThat(events).extracting(RecordingWatcher.Event::action).first().isEqualTo(Action.MODIFIED);
            assertThat(events).extracting(RecordingWatcher.Event::action).last().isEqualTo(Action.DELETED);
            Namespace marked = watcher.objects().getFirst();
            assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(marked.getStatus().getPhase()).isEqualTo("Terminating");
        }
    }

    @Test
    void terminatingNamespaceRefusesNewObjectsUntilItIsGone() {
        String namespace = FreshNamespace.create(client, "terminating");
        client.resource(new ConfigMapBuilder(SampleObjects.configMap(namespace, "held")).editMetadata()
                .withFinalizers(List.of("skiff.test/hold")).endMetadata().build()).create();

        client.namespaces().withName(namespace).delete();

        Namespace terminating = client.namespaces().withName(namespace).get();
        assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
        assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThatThrownBy(() -> client.resource(SampleObjects.configMap(namespace, "latecomer")).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"latecomer\" is forbidden: unable "
                            + "to create new content in namespace " + namespace + " because it is being terminated");
                });
        eventually().until(() -> client.configMaps().inNamespace(namespace).withName("held").get()
                .getMetadata().getDeletionTimestamp() != null);
        assertThat(client.namespaces().withName(namespace).get()).isNotNull();

        client.configMaps().inNamespace(namespace).withName("held").edit(c -> new ConfigMapBuilder(c)
                .editMetadata().withFinalizers(List.<String>of()).endMetadata().build());

        eventually().until(() -> client.namespaces().withName(namespace).get() == null);
        assertThat(client.configMaps().inNamespace(namespace).list().getItems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "kube-system", "kube-public"})
    void systemNamespacesCannotBeDeleted(String name) {
        assertThatThrownBy(() -> client.namespaces().withName(name).delete())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getMessage())
                            .isEqualTo("namespaces \"" + name + "\" is forbidden: this namespace may not be deleted");
                });

        Namespace still = client.namespaces().withName(name).get();
        assertThat(still.getMetadata().getDeletionTimestamp()).isNull();
        assertThat(still.getStatus().getPhase()).isEqualTo("Active");
    }
}
