package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/**
 * The resourceVersion and resourceVersionMatch parameters of a list (docs api-concepts "Semantics for get and
 * list"): unset is the most recent state, "0" any state the cache holds, Exact the state at that revision.
 */
class ListResourceVersionTest {
    // The tests count a namespace's ConfigMaps: no kube-root-ca.crt is published into it.
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder()
            .disableControllers("root-ca-cert-publisher").build();

    private final KubernetesClient client = skiff.client();
    private final String namespace = FreshNamespace.create(client, "list-rv");

    @Test
    void exactMatchAtAnOlderRevisionShowsTheStateOfThatRevision() {
        client.resource(SampleObjects.configMap(namespace, "kept", Map.of("version", "1"))).create();
        client.resource(SampleObjects.configMap(namespace, "doomed")).create();
        String then = client.configMaps().inNamespace(namespace).list().getMetadata().getResourceVersion();

        client.configMaps().inNamespace(namespace).withName("kept")
                .edit(c -> new ConfigMapBuilder(c).addToData("version", "2").build());
        client.configMaps().inNamespace(namespace).withName("doomed").delete();
        client.resource(SampleObjects.configMap(namespace, "later")).create();

        ConfigMapList old = client.configMaps().inNamespace(namespace).list(new ListOptionsBuilder()
                .withResourceVersion(then).withResourceVersionMatch("Exact").build());
        assertThat(old.getMetadata().getResourceVersion()).isEqualTo(then);
        assertThat(old.getItems()).extracting(c -> c.getMetadata().getName()).containsExactly("doomed", "kept");
        assertThat(old.getItems().get(1).getData()).containsEntry("version", "1");

        ConfigMapList current = client.configMaps().inNamespace(namespace).list(new ListOptionsBuilder()
                .withResourceVersion(then).withResourceVersionMatch("NotOlderThan").build());
        assertThat(current.getItems()).extracting(c -> c.getMetadata().getName()).containsExactly("kept", "later");
        assertThat(current.getItems().get(0).getData()).containsEntry("version", "2");
    }

    @Test
    void resourceVersionZeroListsWhatTheCacheHolds() {
        ConfigMap created = client.resource(SampleObjects.configMap(namespace, "cached")).create();
        client.configMaps().inNamespace(namespace).list();

        ConfigMapList cached = client.configMaps().inNamespace(namespace)
                .list(new ListOptionsBuilder().withResourceVersion("0").build());

        assertThat(cached.getItems()).extracting(c -> c.getMetadata().getName()).contains("cached");
        assertThat(Long.parseLong(cached.getMetadata().getResourceVersion()))
                .isGreaterThanOrEqualTo(Long.parseLong(created.getMetadata().getResourceVersion()));
    }

    @Test
    void listWithoutResourceVersionSeesTheLatestWrite() {
        ConfigMap created = client.resource(SampleObjects.configMap(namespace, "fresh", Map.of("n", "0"))).create();
        ConfigMap updated = client.configMaps().inNamespace(namespace).withName("fresh")
                .edit(c -> new ConfigMapBuilder(c).addToData("n", "1").build());

        ConfigMapList list = client.configMaps().inNamespace(namespace).withField("metadata.name", "fresh").list();

        assertThat(list.getItems()).singleElement().satisfies(c -> {
            assertThat(c.getData()).containsEntry("n", "1");
            assertThat(c.getMetadata().getResourceVersion()).isEqualTo(updated.getMetadata().getResourceVersion());
        });
        assertThat(Long.parseLong(list.getMetadata().getResourceVersion()))
                .isGreaterThanOrEqualTo(Long.parseLong(updated.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
    }

    @Test
    void exactMatchWithoutAResourceVersionIsAnInvalidListOptions() {
        assertThatThrownBy(() -> client.configMaps().inNamespace(namespace)
                .list(new ListOptionsBuilder().withResourceVersionMatch("Exact").build()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                    assertThat(e.getStatus().getMessage()).isEqualTo("ListOptions.meta.k8s.io \"\" is invalid: "
                            + "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless "
                            + "resourceVersion is provided");
                    assertThat(e.getStatus().getDetails().getGroup()).isEqualTo("meta.k8s.io");
                    assertThat(e.getStatus().getDetails().getKind()).isEqualTo("ListOptions");
                    assertThat(e.getStatus().getDetails().getCauses()).singleElement()
                            .satisfies(c -> assertThat(c.getField()).isEqualTo("resourceVersionMatch"));
                });
    }
}
