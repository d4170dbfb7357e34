package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/** PATCH in the four content types, through fabric8 (docs api-concepts "Patch operations"). */
class PatchTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory()
            // Patches as clients send them: no workload controller writing the same objects meanwhile.
            .disableControllers("replicaset", "deployment", "statefulset", "daemonset").build();

    private static final String NEW_SIDECAR_IMAGE = "{\"spec\":{\"template\":{\"spec\":{\"containers\":["
            + "{\"name\":\"sidecar\",\"image\":\"busybox:1.37\"}]}}}}";

    private final KubernetesClient client = skiff.client();
    private final String namespace = FreshNamespace.create(client, "patch");

    @Test
    void jsonMergePatchAddsReplacesAndRemovesKeys() {
        ConfigMap created = client.resource(SampleObjects.configMap(namespace, "merge",
                Map.of("keep", "1", "change", "old", "drop", "x"))).create();

        ConfigMap patched = configMap("merge").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"data\":{\"change\":\"new\",\"drop\":null,\"add\":\"2\"}}");

        assertThat(patched.getData())
                .containsExactlyInAnyOrderEntriesOf(Map.of("keep", "1", "change", "new", "add", "2"));
        assertThat(configMap("merge").get().getData()).isEqualTo(patched.getData());
        assertThat(Long.parseLong(patched.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
    }

    @Test
    void jsonPatchAppliesItsOperationsInOrder() {
        client.resource(SampleObjects.configMap(namespace, "json", Map.of("keep", "1", "change", "old", "drop", "x")))
                .create();

        ConfigMap patched = configMap("json").patch(PatchContext.of(PatchType.JSON), "["
                + "{\"op\":\"test\",\"path\":\"/data/keep\",\"value\":\"1\"},"
                + "{\"op\":\"add\",\"path\":\"/data/add\",\"value\":\"2\"},"
                + "{\"op\":\"replace\",\"path\":\"/data/change\",\"value\":\"new\"},"
                + "{\"op\":\"remove\",\"path\":\"/data/drop\"},"
                + "{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"patched\":\"yes\"}}]");

        assertThat(patched.getData())
                .containsExactlyInAnyOrderEntriesOf(Map.of("keep", "1", "change", "new", "add", "2"));
        assertThat(patched.getMetadata().getLabels()).containsEntry("patched", "yes");
    }

    @Test
    void jsonPatchWhoseTestFailsChangesNothing() {
        ConfigMap created = client.resource(SampleObjects.configMap(namespace, "guarded", Map.of("v", "1"))).create();

        assertThatThrownBy(() -> configMap("guarded").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"test\",\"path\":\"/data/v\",\"value\":\"2\"},{\"op\":\"replace\",\"path\":\"/data/v\","
                        + "\"value\":\"3\"}]"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));

        ConfigMap stored = configMap("guarded").get();
        assertThat(stored.getData()).containsEntry("v", "1");
        assertThat(stored.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
    }

    @Test
    void strategicMergePatchMergesContainersByName() {
        client.resource(twoContainers("strategic")).create();

        Deployment patched = deployment("strategic").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                NEW_SIDECAR_IMAGE);

        assertThat(patched.getSpec().getTemplate().getSpec().getContainers())
                .extracting(Container::getName, Container::getImage)
                .containsExactly(tuple("app", "nginx:1.27"), tuple("sidecar", "busybox:1.37"));
        assertThat(patched.getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void mergePatchReplacesTheContainerListWhole() {
        client.resource(twoContainers("replaced")).create();

        Deployment patched = deployment("replaced").patch(PatchContext.of(PatchType.JSON_MERGE),
                NEW_SIDECAR_IMAGE);

        assertThat(patched.getSpec().getTemplate().getSpec().getContainers())
                .extracting(Container::getName).containsExactly("sidecar");
    }

    @Test
    void strategicMergePatchDeleteDirectiveRemovesOneContainer() {
        client.resource(twoContainers("directive")).create();

        Deployment patched = deployment("directive").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"$patch\":\"delete\"}]}}}}");

        assertThat(patched.getSpec().getTemplate().getSpec().getContainers())
                .extracting(Container::getName).containsExactly("app");
    }

    @Test
    void serverSideApplyCreatesAndThenUpdates() {
        ConfigMap created = client.resource(SampleObjects.configMap(namespace, "applied", Map.of("a", "1")))
                .fieldManager("skiff-tests").forceConflicts().serverSideApply();
        assertThat(created.getMetadata().getUid()).isNotEmpty();
        assertThat(created.getData()).containsExactlyEntriesOf(Map.of("a", "1"));

        ConfigMap updated = client.resource(SampleObjects.configMap(namespace, "applied", Map.of("a", "2")))
                .fieldManager("skiff-tests").forceConflicts().serverSideApply();

        assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(updated.getData()).containsEntry("a", "2");
        assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
        assertThat(configMap("applied").get().getData()).containsEntry("a", "2");
    }

    @Test
    void serverSideApplyRemovesFieldsTheManagerNoLongerApplies() {
        client.resource(SampleObjects.configMap(namespace, "owned", Map.of("a", "1", "b", "2")))
                .fieldManager("skiff-tests").forceConflicts().serverSideApply();

        ConfigMap updated = client.resource(SampleObjects.configMap(namespace, "owned", Map.of("a", "1")))
                .fieldManager("skiff-tests").forceConflicts().serverSideApply();

        assertThat(updated.getData()).containsExactlyEntriesOf(Map.of("a", "1"));
    }

    @Test
    void patchOfAMissingObjectIsNotFound() {
        assertThatThrownBy(() -> configMap("missing").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    private Resource<ConfigMap> configMap(String name) {
        return client.configMaps().inNamespace(namespace).withName(name);
    }

    private Resource<Deployment> deployment(String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name);
    }

    private Deployment twoContainers(String name) {
        return new DeploymentBuilder(SampleObjects.deployment(namespace, name)).editSpec().editTemplate().editSpec()
                .addToContainers(SampleObjects.container("sidecar", "busybox:1.36")).endSpec().endTemplate().endSpec()
                .build();
    }
}
