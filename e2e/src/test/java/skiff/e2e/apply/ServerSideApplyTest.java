package skiff.e2e.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.api.json.Json;
import skiff.testing.SkiffExtension;
import tools.jackson.databind.JsonNode;

/**
 * Server-side apply through the fabric8 client: field ownership in managedFields, conflicts between managers, forced
 * takeovers and pruning, as docs reference/using-api/server-side-apply describes them.
 */
class ServerSideApplyTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory()
            // Field managers are the test's alone: no deployment controller writing the same objects.
            .disableControllers("replicaset", "deployment", "statefulset", "daemonset").build();

    private static ConfigMap configMap(String name, Map<String, String> labels, Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withData(data).build();
    }

    private static Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    private static ManagedFieldsEntry entry(List<ManagedFieldsEntry> entries, String manager, String operation) {
        return entries.stream().filter(e -> e.getManager().equals(manager) && e.getOperation().equals(operation))
                .findFirst().orElseThrow(() -> new AssertionError("no " + operation + " entry for " + manager
                        + " in " + entries));
    }

    private static JsonNode fields(ManagedFieldsEntry entry) {
        return Json.tree(entry.getFieldsV1());
    }

    private static JsonNode json(String singleQuoted) {
        return Json.mapper().readTree(singleQuoted.replace("`", "\\\"").replace('\'', '"'));
    }

    @Test
    void applyCreatesTheObjectAndRecordsExactlyTheAppliedFields(KubernetesClient client) {
        ConfigMap applied = client.resource(configMap("created", Map.of("app", "demo"), Map.of("color", "blue")))
                .fieldManager("a").serverSideApply();

        assertThat(applied.getMetadata().getUid()).isNotEmpty();
        ManagedFieldsEntry e = entry(applied.getMetadata().getManagedFields(), "a", "Apply");
        assertThat(e.getApiVersion()).isEqualTo("v1");
        assertThat(e.getFieldsType()).isEqualTo("FieldsV1");
        assertThat(e.getTime()).isNotEmpty();
        assertThat(fields(e)).isEqualTo(json("{'f:data':{'f:color':{}},'f:metadata':{'f:labels':{'f:app':{}}}}"));
        assertThat(client.configMaps().withName("created").get().getData()).containsEntry("color", "blue");
    }

    @Test
    void aSecondManagerChangingAFieldTheFirstOwnsGetsAConflict(KubernetesClient client) {
        client.resource(deployment("contested", 2)).fieldManager("a").serverSideApply();

        KubernetesClientException e = catchThrowableOfType(KubernetesClientException.class,
                () -> client.resource(deployment("contested", 3)).fieldManager("b").serverSideApply());

        assertThat(e.getCode()).isEqualTo(409);
        Status status = e.getStatus();
        assertThat(status.getReason()).isEqualTo("Conflict");
        assertThat(status.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with \"a\": .spec.replicas");
        assertThat(status.getDetails().getCauses()).extracting(StatusCause::getReason, StatusCause::getMessage,
                StatusCause::getField).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("FieldManagerConflict", "conflict with \"a\"",
                                ".spec.replicas"));
        assertThat(client.apps().deployments().withName("contested").get().getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void forceConflictsTakesTheFieldOverFromTheOtherManager(KubernetesClient client) {
        client.resource(deployment("forced", 2)).fieldManager("a").serverSideApply();

        Deployment forced = client.resource(deployment("forced", 3)).fieldManager("b").forceConflicts()
                .serverSideApply();

        assertThat(forced.getSpec().getReplicas()).isEqualTo(3);
        List<ManagedFieldsEntry> entries = forced.getMetadata().getManagedFields();
        assertThat(fields(entry(entries, "b", "Apply")).path("f:spec").has("f:replicas")).isTrue();
        assertThat(fields(entry(entries, "a", "Apply")).path("f:spec").has("f:replicas")).isFalse();
        assertThat(fields(entry(entries, "a", "Apply")).path("f:spec").has("f:template")).isTrue();
    }

    @Test
    void aFieldLeftOutOfTheNextApplyIsRemoved(KubernetesClient client) {
        client.resource(configMap("pruned", Map.of("keep", "1", "drop", "2"), Map.of("a", "1", "b", "2")))
                .fieldManager("a").serverSideApply();

        ConfigMap next = client.resource(configMap("pruned", Map.of("keep", "1"), Map.of("a", "1")))
                .fieldManager("a").serverSideApply();

        assertThat(next.getMetadata().getLabels()).containsOnlyKeys("keep");
        assertThat(next.getData()).containsOnlyKeys("a");
        assertThat(fields(entry(next.getMetadata().getManagedFields(), "a", "Apply")))
                .isEqualTo(json("{'f:data':{'f:a':{}},'f:metadata':{'f:labels':{'f:keep':{}}}}"));
    }

    @Test
    void aFieldAnotherManagerAlsoAppliedStaysWhenOneStopsApplyingIt(KubernetesClient client) {
        client.resource(configMap("shared", Map.of(), Map.of("mine", "1", "ours", "2"))).fieldManager("a")
                .serverSideApply();
        client.resource(configMap("shared", Map.of(), Map.of("ours", "2"))).fieldManager("b").serverSideApply();

        ConfigMap next = client.resource(configMap("shared", Map.of(), Map.of("mine", "1"))).fieldManager("a")
                .serverSideApply();

        assertThat(next.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("mine", "1", "ours", "2"));
        assertThat(fields(entry(next.getMetadata().getManagedFields(), "b", "Apply")))
                .isEqualTo(json("{'f:data':{'f:ours':{}}}"));
    }

    @Test
    void anUpdateTakesTheFieldsItChangesAndAManagerLeftWithNothingIsDropped(KubernetesClient client) {
        client.resource(configMap("updated", Map.of(), Map.of("color", "blue"))).fieldManager("a").serverSideApply();

        ConfigMap edited = client.configMaps().withName("updated").patch(
                PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"color\":\"red\"}}");

        List<ManagedFieldsEntry> entries = edited.getMetadata().getManagedFields();
        assertThat(entries).extracting(ManagedFieldsEntry::getManager, ManagedFieldsEntry::getOperation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fabric8-kubernetes-client", "Update"));
        assertThat(fields(entries.getFirst())).isEqualTo(json("{'f:data':{'f:color':{}}}"));
    }

    @Test
    void aCreateWithoutFieldManagerIsRecordedUnderTheUserAgentsProduct(KubernetesClient client) {
        ConfigMap created = client.resource(configMap("posted", Map.of("app", "x"), Map.of("k", "v"))).create();

        ManagedFieldsEntry e = entry(created.getMetadata().getManagedFields(), "fabric8-kubernetes-client", "Update");
        assertThat(fields(e)).isEqualTo(json("{'f:data':{'.':{},'f:k':{}},'f:metadata':{'f:labels':{'.':{},"
                + "'f:app':{}}}}"));
    }

    @Test
    void oneEmptyManagedFieldsEntryClearsThem(KubernetesClient client) {
        client.resource(configMap("reset", Map.of(), Map.of("k", "v"))).fieldManager("a").serverSideApply();

        ConfigMap reset = client.configMaps().withName("reset").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"managedFields\":[{}]}}");

        assertThat(reset.getMetadata().getManagedFields()).isEmpty();
    }

    @Test
    void applyingTheStatusSubresourceOwnsOnlyStatus(KubernetesClient client) {
        client.resource(deployment("statused", 1)).fieldManager("a").serverSideApply();
        Deployment status = new DeploymentBuilder().withNewMetadata().withName("statused").endMetadata()
                .withNewStatus().withObservedGeneration(1L).withReplicas(1).endStatus().build();

        Deployment applied = client.apps().deployments().withName("statused").subresource("status")
                .patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
                        .withFieldManager("controller").build(), status);

        assertThat(applied.getStatus().getReplicas()).isEqualTo(1);
        ManagedFieldsEntry e = entry(applied.getMetadata().getManagedFields(), "controller", "Apply");
        assertThat(e.getSubresource()).isEqualTo("status");
        assertThat(fields(e)).isEqualTo(json("{'f:status':{'f:observedGeneration':{},'f:replicas':{}}}"));
    }
}
