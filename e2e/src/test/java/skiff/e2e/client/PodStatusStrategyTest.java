package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;
import tools.jackson.databind.JsonNode;

/**
 * Writes to pods/status (k/k pkg/registry/core/pod/strategy.go podStatusStrategy and validation.go
 * ValidatePodStatusUpdate, 1.32): the spec, owner references and deletion timestamp stay as stored, labels and
 * annotations may change, and the status is validated.
 */
class PodStatusStrategyTest {
    private static final String MERGE = "application/merge-patch+json";

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    private static KubernetesClient client;
    private static RawApi raw;
    private static String namespace;

    @BeforeAll
    static void createNamespace() {
        client = skiff.client();
        raw = new RawApi(client);
        namespace = FreshNamespace.create(client, "pod-status");
    }

    @Test
    void aStatusUpdateKeepsSpecAndOwnerReferencesButTakesLabels() {
        Pod created = createPod("keeps", "Always");
        Pod body = new PodBuilder(created)
                .editMetadata().addToLabels("tier", "web").addNewOwnerReference().withApiVersion("v1")
                .withKind("ConfigMap").withName("owner").withUid("d0d0d0d0-0000-0000-0000-000000000000").endOwnerReference()
                .endMetadata()
                .editSpec().withNodeName("sneaked-in").endSpec()
                .editStatus().withPhase("Running").withQosClass(null).endStatus()
                .build();

        client.pods().resource(body).updateStatus();

        Pod stored = client.pods().inNamespace(namespace).withName("keeps").get();
        assertThat(stored.getStatus().getPhase()).isEqualTo("Running");
        assertThat(stored.getStatus().getQosClass()).as("kept when the write has none").isEqualTo("BestEffort");
        assertThat(stored.getMetadata().getLabels()).containsEntry("tier", "web");
        assertThat(stored.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(stored.getSpec().getNodeName()).isNull();
    }

    @Test
    void podIpsMustBeValidAndOneOfEachFamily() {
        createPod("ips", "Always");

        assertInvalid(patchStatus("ips", "{\"status\":{\"podIPs\":[{\"ip\":\"not-an-ip\"}]}}"), "status.podIPs[0]",
                "FieldValueInvalid");
        assertInvalid(patchStatus("ips", "{\"status\":{\"podIPs\":[{\"ip\":\"10.0.0.1\"},{\"ip\":\"10.0.0.2\"}]}}"),
                "status.podIPs", "FieldValueInvalid");
        assertInvalid(patchStatus("ips", "{\"status\":{\"hostIPs\":[{\"ip\":\"300.1.1.1\"}]}}"), "status.hostIPs[0]",
                "FieldValueInvalid");
        assertThat(patchStatus("ips", "{\"status\":{\"podIPs\":[{\"ip\":\"10.0.0.1\"},{\"ip\":\"fd00::1\"}]}}").code())
                .isEqualTo(200);
    }

    @Test
    void theQosClassIsImmutable() {
        createPod("qos", "Always");

        RawResponse answer = patchStatus("qos", "{\"status\":{\"qosClass\":\"Guaranteed\"}}");

        assertInvalid(answer, "status.qosClass", "FieldValueInvalid");
        assertThat(answer.json().path("message").asString()).contains("field is immutable");
    }

    @Test
    void theNominatedNodeNameMustBeANodeName() {
        createPod("nominated", "Always");

        assertInvalid(patchStatus("nominated", "{\"status\":{\"nominatedNodeName\":\"Not_A_Node\"}}"),
                "status.nominatedNodeName", "FieldValueInvalid");
    }

    @Test
    void customConditionTypesMustBeQualifiedNames() {
        createPod("conditions", "Always");

        assertInvalid(patchStatus("conditions",
                "{\"status\":{\"conditions\":[{\"type\":\"not a name!\",\"status\":\"True\"}]}}"),
                "metadata.conditions[0].Type", "FieldValueInvalid");
    }

    @Test
    void aTerminatedContainerDoesNotRunAgainUnderRestartPolicyNever() {
        createPod("terminated", "Never");
        assertThat(patchStatus("terminated", """
                {"status":{"containerStatuses":[{"name":"app","image":"nginx:1.27","imageID":"","ready":false,
                 "restartCount":0,"state":{"terminated":{"exitCode":0}}}]}}""").code()).isEqualTo(200);

        RawResponse answer = patchStatus("terminated", """
                {"status":{"containerStatuses":[{"name":"app","image":"nginx:1.27","imageID":"","ready":true,
                 "restartCount":0,"state":{"running":{}}}]}}""");

        assertInvalid(answer, "status.containerStatuses[0].state", "FieldValueForbidden");
    }

    private static void assertInvalid(RawResponse answer, String field, String reason) {
        assertThat(answer.code()).as(answer.body()).isEqualTo(422);
        JsonNode cause = answer.json().path("details").path("causes").get(0);
        assertThat(cause.path("field").asString()).isEqualTo(field);
        assertThat(cause.path("reason").asString()).isEqualTo(reason);
    }

    private static Pod createPod(String name, String restartPolicy) {
        return client.resource(new PodBuilder(SampleObjects.pod(namespace, name))
                .editSpec().withSchedulerName("someone-else").withRestartPolicy(restartPolicy).endSpec().build())
                .create();
    }

    private static RawResponse patchStatus(String pod, String body) {
        return raw.send("PATCH", "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/status", MERGE, body);
    }
}
