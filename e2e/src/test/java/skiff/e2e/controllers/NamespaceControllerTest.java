package skiff.e2e.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/** Namespace deletion as the API server and the namespace controller share it. */
class NamespaceControllerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().build();

    @Test
    void aDeletedNamespaceIsEmptiedByTheControllerAndThenRemoved() {
        KubernetesClient client = skiff.client();
        String ns = namespace("doomed");
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("c")
                .endMetadata().build()).create();
        client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("s")
                .endMetadata().build()).create();
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("busybox").endContainer().endSpec()
                .build()).create();
        client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder().withNewMetadata()
                .withName("rs").endMetadata().withNewSpec().withNewSelector().withMatchLabels(Map.of("a", "b"))
                .endSelector().withNewTemplate().withNewMetadata().withLabels(Map.of("a", "b")).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();

        client.namespaces().withName(ns).delete();

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(client.namespaces().withName(ns).get()).isNull());
        assertThat(client.configMaps().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
    }

    @Test
    void aNamespaceWithContentHeldByAFinalizerStaysTerminatingAndSaysWhy() {
        KubernetesClient client = skiff.client();
        String ns = namespace("held");
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("kept")
                .withFinalizers("example.com/hold").endMetadata().build()).create();

        client.namespaces().withName(ns).delete();

        await().atMost(DEADLINE).untilAsserted(() -> {
            Namespace terminating = client.namespaces().withName(ns).get();
            assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
            assertThat(terminating.getSpec().getFinalizers()).containsExactly("kubernetes");
            assertThat(condition(terminating, "NamespaceContentRemaining").getStatus()).isEqualTo("True");
            assertThat(condition(terminating, "NamespaceFinalizersRemaining").getReason())
                    .isEqualTo("SomeFinalizersRemain");
            assertThat(condition(terminating, "NamespaceFinalizersRemaining").getMessage())
                    .contains("example.com/hold");
        });
        assertThatThrownBy(() -> client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("late").endMetadata().build()).create())
                .isInstanceOf(KubernetesClientException.class);

        client.configMaps().inNamespace(ns).withName("kept")
                .edit(c -> new ConfigMapBuilder(c).editMetadata().withFinalizers(List.of()).endMetadata().build());

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(client.namespaces().withName(ns).get()).isNull());
    }

    @Test
    void theSystemNamespacesCannotBeDeleted() {
        KubernetesClient client = skiff.client();

        assertThatThrownBy(() -> client.namespaces().withName("kube-system").delete())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        assertThat(client.namespaces().withName("kube-system").get().getMetadata().getDeletionTimestamp()).isNull();
    }

    @Test
    void anUpdateCannotDropTheKubernetesFinalizerButTheFinalizeSubresourceCan() {
        KubernetesClient client = skiff.client();
        String ns = namespace("finalize-me");

        Namespace edited = client.namespaces().withName(ns)
                .edit(n -> new NamespaceBuilder(n).editSpec().withFinalizers(List.of()).endSpec().build());
        assertThat(edited.getSpec().getFinalizers()).containsExactly("kubernetes");

        Namespace current = client.namespaces().withName(ns).get();
        String body = client.getKubernetesSerialization().asJson(
                new NamespaceBuilder(current).editSpec().withFinalizers(List.of()).endSpec().build());
        client.raw(client.getMasterUrl() + "api/v1/namespaces/" + ns + "/finalize", "PUT", body);

        assertThat(client.namespaces().withName(ns).get().getSpec().getFinalizers()).isEmpty();
    }

    private static String namespace(String name) {
        skiff.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
                .build()).create();
        return name;
    }

    private static NamespaceCondition condition(Namespace ns, String type) {
        return ns.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type));
    }
}
