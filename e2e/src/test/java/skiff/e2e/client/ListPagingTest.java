package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/**
 * limit/continue paging (docs api-concepts "Retrieving large results sets in chunks"): every page of one list is
 * served from the snapshot of the first, so each object appears exactly once and later writes stay out.
 */
class ListPagingTest {
    @RegisterExtension
    // Without kube-root-ca.crt, which the publisher would add to the namespace whose ConfigMaps are counted.
    static final SkiffExtension skiff = SkiffExtension.builder().disableControllers("root-ca-cert-publisher").build();

    private static final int OBJECTS = 1_200;
    private static final long PAGE = 100;

    @Test
    void pagesOfOneListShowOneSnapshotWhileObjectsChange() {
        KubernetesClient client = skiff.client();
        String namespace = FreshNamespace.create(client, "paging");
        Parallel.forEach(OBJECTS, i -> client.resource(paged(namespace, name(i), "original")).create());
        List<String> expected = IntStream.range(0, OBJECTS).mapToObj(ListPagingTest::name).toList();

        ConfigMapList first = page(client, namespace, null);
        String snapshot = first.getMetadata().getResourceVersion();
        client.resource(paged(namespace, "cm-0650a", "created after the first page")).create();
        client.resource(paged(namespace, "cm-9999", "created after the first page")).create();
        client.configMaps().inNamespace(namespace).withName(name(700))
                .edit(c -> new ConfigMapBuilder(c).addToData("state", "updated after the first page").build());
        client.configMaps().inNamespace(namespace).withName(name(900)).delete();

        List<ConfigMapList> pages = new ArrayList<>(List.of(first));
        while (pages.getLast().getMetadata().getContinue() != null) {
            pages.add(page(client, namespace, pages.getLast().getMetadata().getContinue()));
        }

        List<ConfigMap> items = pages.stream().flatMap(p -> p.getItems().stream()).toList();
        assertThat(items).extracting(c -> c.getMetadata().getName()).containsExactlyElementsOf(expected);
        assertThat(pages).hasSize(OBJECTS / (int) PAGE);
        assertThat(pages).allSatisfy(p -> {
            assertThat(p.getItems()).hasSize((int) PAGE);
            assertThat(p.getMetadata().getResourceVersion()).isEqualTo(snapshot);
        });
        assertThat(items).allSatisfy(c -> {
            assertThat(Long.parseLong(c.getMetadata().getResourceVersion()))
                    .isLessThanOrEqualTo(Long.parseLong(snapshot));
            assertThat(c.getData()).containsEntry("state", "original");
        });

        List<ConfigMap> now = client.configMaps().inNamespace(namespace).list().getItems();
        assertThat(now).extracting(c -> c.getMetadata().getName())
                .contains("cm-0650a", "cm-9999").doesNotContain(name(900)).hasSize(OBJECTS + 1);
        assertThat(now).filteredOn(c -> c.getMetadata().getName().equals(name(700)))
                .singleElement().satisfies(c -> assertThat(c.getData()).containsEntry("state",
                        "updated after the first page"));
    }

    @Test
    void filteredPagesSkipNonMatchingObjectsAndStillEndWithoutAToken() {
        KubernetesClient client = skiff.client();
        String namespace = FreshNamespace.create(client, "filtered-paging");
        Parallel.forEach(250, i -> client.resource(new ConfigMapBuilder(paged(namespace, name(i), "original"))
                .editMetadata().addToLabels("parity", i % 2 == 0 ? "even" : "odd").endMetadata().build()).create());

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ConfigMapList page = client.configMaps().inNamespace(namespace).list(new ListOptionsBuilder()
                    .withLabelSelector("parity=even").withLimit(40L).withContinue(token).build());
            seen.addAll(page.getItems().stream().map(c -> c.getMetadata().getName()).toList());
            token = page.getMetadata().getContinue();
            pages++;
        } while (token != null);

        assertThat(seen).containsExactlyElementsOf(
                IntStream.range(0, 250).filter(i -> i % 2 == 0).mapToObj(ListPagingTest::name).toList());
        assertThat(pages).isEqualTo(4);
    }

    private static ConfigMapList page(KubernetesClient client, String namespace, String token) {
        return client.configMaps().inNamespace(namespace)
                .list(new ListOptionsBuilder().withLimit(PAGE).withContinue(token).build());
    }

    private static ConfigMap paged(String namespace, String name, String state) {
        return new ConfigMapBuilder(SampleObjects.configMap(namespace, name, Map.of("state", state)))
                .editMetadata().addToLabels("suite", "paging").endMetadata().build();
    }

    private static String name(int i) {
        return String.format("cm-%04d", i);
    }
}
