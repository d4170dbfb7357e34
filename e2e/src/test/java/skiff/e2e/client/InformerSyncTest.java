package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.e2e.client.Eventually.eventually;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/**
 * A fabric8 SharedIndexInformer (list, then watch from the list's resourceVersion) converges on exactly what the
 * server holds while several writers change the objects it follows.
 */
class InformerSyncTest {
    // The tests count a namespace's ConfigMaps: no kube-root-ca.crt is published into it.
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory()
            .disableControllers("root-ca-cert-publisher").build();

    private static final int WRITERS = 4;
    private static final int OBJECTS_PER_WRITER = 70;
    private static final int UPDATES_PER_OBJECT = 2;
    private static final int DELETES_PER_WRITER = 40;

    @Test
    void informerIndexEqualsAFreshListAfterAThousandConcurrentChanges() {
        KubernetesClient client = skiff.client();
        String namespace = FreshNamespace.create(client, "informer");
        client.resource(SampleObjects.configMap(namespace, "before-the-informer")).create();

        try (SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace(namespace).inform()) {
            assertThat(informer.hasSynced()).isTrue();

            Parallel.forEach(WRITERS, writer -> churn(client, namespace, writer));

            Map<String, String> listed = versions(client.configMaps().inNamespace(namespace).list().getItems());
            assertThat(listed).hasSize(1 + WRITERS * (OBJECTS_PER_WRITER - DELETES_PER_WRITER));
            eventually().untilAsserted(() -> assertThat(versions(informer.getIndexer().list())).isEqualTo(listed));
        }
    }

    /** One writer's 250 changes: creates, then updates of each object, then deletes of some. */
    private static void churn(KubernetesClient client, String namespace, int writer) {
        List<ConfigMap> latest = new ArrayList<>();
        for (int i = 0; i < OBJECTS_PER_WRITER; i++) {
            latest.add(client.resource(SampleObjects.configMap(namespace, name(writer, i), Map.of("step", "0")))
                    .create());
        }
        for (int step = 1; step <= UPDATES_PER_OBJECT; step++) {
            for (int i = 0; i < OBJECTS_PER_WRITER; i++) {
                ConfigMap next = new ConfigMapBuilder(latest.get(i)).addToData("step", Integer.toString(step)).build();
                latest.set(i, client.resource(next).update());
            }
        }
        for (int i = 0; i < DELETES_PER_WRITER; i++) {
            client.resource(latest.get(i * OBJECTS_PER_WRITER / DELETES_PER_WRITER)).delete();
        }
    }

    private static String name(int writer, int i) {
        return "w" + writer + "-" + i;
    }

    private static Map<String, String> versions(List<ConfigMap> items) {
        return items.stream().collect(Collectors.toMap(c -> c.getMetadata().getName(),
                c -> c.getMetadata().getResourceVersion(), (a, b) -> a + "," + b, TreeMap::new));
    }
}
