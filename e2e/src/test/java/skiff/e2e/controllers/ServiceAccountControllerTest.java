package skiff.e2e.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/** Every active namespace has a "default" ServiceAccount. */
class ServiceAccountControllerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().build();

    @Test
    void aNewNamespaceGetsADefaultServiceAccount() {
        KubernetesClient client = skiff.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata()
                .build()).create();

        await().atMost(DEADLINE).untilAsserted(
                () -> assertThat(client.serviceAccounts().inNamespace("team-a").withName("default").get()).isNotNull());
    }

    @Test
    void theSystemNamespacesHaveOneToo() {
        KubernetesClient client = skiff.client();

        await().atMost(DEADLINE).untilAsserted(() -> {
            for (String ns : new String[] {"default", "kube-system", "kube-public", "kube-node-lease"}) {
                assertThat(client.serviceAccounts().inNamespace(ns).withName("default").get()).as(ns).isNotNull();
            }
        });
    }

    @Test
    void aDeletedDefaultServiceAccountIsRecreated() {
        KubernetesClient client = skiff.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-b").endMetadata()
                .build()).create();
        await().atMost(DEADLINE).until(
                () -> client.serviceAccounts().inNamespace("team-b").withName("default").get() != null);
        String firstUid = client.serviceAccounts().inNamespace("team-b").withName("default").get().getMetadata()
                .getUid();

        client.serviceAccounts().inNamespace("team-b").withName("default").delete();

        await().atMost(DEADLINE).untilAsserted(() -> {
            ServiceAccount again = client.serviceAccounts().inNamespace("team-b").withName("default").get();
            assertThat(again).isNotNull();
            assertThat(again.getMetadata().getUid()).isNotEqualTo(firstUid);
        });
    }
}
