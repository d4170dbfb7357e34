package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/** Updates carry the resourceVersion they were read at; a stale one is refused with 409 Conflict. */
class OptimisticConcurrencyTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().build();

    private static KubernetesClient client;
    private static String namespace;

    @BeforeAll
    static void createNamespace() {
        client = skiff.client();
        namespace = FreshNamespace.create(client, "occ");
    }

    @Test
    void updateWithAStaleResourceVersionIsAConflictAndChangesNothing() {
        ConfigMap read = client.resource(SampleObjects.configMap(namespace, "stale")).create();
        ConfigMap first = client.resource(withData(read, "writer", "first")).update();

        assertThatThrownBy(() -> client.resource(withData(read, "writer", "second")).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                    assertThat(e.getStatus().getMessage()).isEqualTo("Operation cannot be fulfilled on configmaps "
                            + "\"stale\": the object has been modified; please apply your changes to the latest "
                            + "version and try again");
                    assertThat(e.getStatus().getDetails().getName()).isEqualTo("stale");
                    assertThat(e.getStatus().getDetails().getKind()).isEqualTo("configmaps");
                });

        ConfigMap stored = client.configMaps().inNamespace(namespace).withName("stale").get();
        assertThat(stored.getData()).containsEntry("writer", "first");
        assertThat(stored.getMetadata().getResourceVersion()).isEqualTo(first.getMetadata().getResourceVersion());
    }

    @Test
    void updateWithoutResourceVersionOverwritesWhateverIsStored() {
        ConfigMap read = client.resource(SampleObjects.configMap(namespace, "unconditional")).create();
        client.resource(withData(read, "writer", "first")).update();

        ConfigMap blind = withData(read, "writer", "blind");
        blind.getMetadata().setResourceVersion(null);
        ConfigMap answered = client.resource(blind).update();

        assertThat(answered.getData()).containsEntry("writer", "blind");
        assertThat(client.configMaps().inNamespace(namespace).withName("unconditional").get().getData())
                .containsEntry("writer", "blind");
    }

    @Test
    void concurrentReadModifyWriteLoopsLoseNoIncrement() throws Exception {
        client.resource(SampleObjects.configMap(namespace, "counter", Map.of("count", "0"))).create();
        Resource<ConfigMap> counter = client.configMaps().inNamespace(namespace).withName("counter");
        int writers = 4;
        int incrementsEach = 25;
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < incrementsEach; i++) {
                        while (!tryIncrement(counter)) {
                            conflicts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(counter.get().getData()).containsEntry("count", Integer.toString(writers * incrementsEach));
    }

    private static boolean tryIncrement(Resource<ConfigMap> counter) {
        ConfigMap current = counter.get();
        int next = Integer.parseInt(current.getData().get("count")) + 1;
        try {
            client.resource(withData(current, "count", Integer.toString(next))).update();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            return false;
        }
    }

    private static ConfigMap withData(ConfigMap base, String key, String value) {
        return new ConfigMapBuilder(base).addToData(key, value).build();
    }
}
