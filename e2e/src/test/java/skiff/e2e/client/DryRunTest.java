package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/** dryRun=All runs a write through defaulting and validation and answers its outcome, but stores nothing. */
class DryRunTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().build();

    private final KubernetesClient client = skiff.client();
    private final String namespace = FreshNamespace.create(client, "dry-run");

    @Test
    void dryRunCreateAnswersTheObjectButStoresNothing() {
        ConfigMap answered = client.resource(SampleObjects.configMap(namespace, "imagined")).dryRun().create();

        assertThat(answered.getMetadata().getName()).isEqualTo("imagined");
        assertThat(answered.getMetadata().getUid()).isNotEmpty();
        assertThat(answered.getData()).containsEntry("key", "value");
        assertThat(client.configMaps().inNamespace(namespace).withName("imagined").get()).isNull();
        assertThat(client.configMaps().inNamespace(namespace).list().getItems())
                .extracting(c -> c.getMetadata().getName()).doesNotContain("imagined");
    }

    @Test
    void dryRunUpdateAndPatchAnswerTheChangeButStoreNothing() {
        ConfigMap created = client.resource(SampleObjects.configMap(namespace, "real", Map.of("v", "1"))).create();

        ConfigMap updated = client.resource(new ConfigMapBuilder(created).addToData("v", "2").build()).dryRun()
                .update();
        ConfigMap patched = client.configMaps().inNamespace(namespace).withName("real").dryRun()
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"v\":\"3\"}}");

        assertThat(updated.getData()).containsEntry("v", "2");
        assertThat(patched.getData()).containsEntry("v", "3");
        ConfigMap stored = client.configMaps().inNamespace(namespace).withName("real").get();
        assertThat(stored.getData()).containsEntry("v", "1");
        assertThat(stored.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
    }

    @Test
    void dryRunDeleteKeepsTheObjectEvenWithAFinalizer() {
        ConfigMap plain = client.resource(SampleObjects.configMap(namespace, "kept")).create();
        ConfigMap held = client.resource(new ConfigMapBuilder(SampleObjects.configMap(namespace, "held"))
                .editMetadata().withFinalizers(List.of("skiff.test/hold")).endMetadata().build()).create();

        client.resource(plain).dryRun().delete();
        client.resource(held).dryRun().delete();

        ConfigMap keptNow = client.configMaps().inNamespace(namespace).withName("kept").get();
        ConfigMap heldNow = client.configMaps().inNamespace(namespace).withName("held").get();
        assertThat(keptNow.getMetadata().getResourceVersion()).isEqualTo(plain.getMetadata().getResourceVersion());
        assertThat(heldNow.getMetadata().getDeletionTimestamp()).isNull();
        assertThat(heldNow.getMetadata().getResourceVersion()).isEqualTo(held.getMetadata().getResourceVersion());
    }
}
