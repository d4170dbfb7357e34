package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;
import tools.jackson.databind.JsonNode;

/**
 * The pods/binding subresource and the bindings collection (k/k pkg/registry/core/pod/storage/storage.go
 * BindingREST): a Binding assigns an unassigned pod to a node once, with uid and resourceVersion preconditions.
 * The pods here name another scheduler, so that Skiff's own scheduler leaves them alone.
 */
class BindingSubresourceTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    private static KubernetesClient client;
    private static RawApi raw;
    private static String namespace;

    @BeforeAll
    static void createNamespace() {
        client = skiff.client();
        raw = new RawApi(client);
        namespace = FreshNamespace.create(client, "binding");
    }

    @Test
    void bindingSetsTheNodeNameAndThePodScheduledCondition() {
        Pod created = createUnscheduledPod("bind-me");

        RawResponse answer = postBinding("bind-me", binding("bind-me", "node-a"));

        assertThat(answer.code()).isEqualTo(201);
        assertThat(answer.json().path("status").asString()).isEqualTo("Success");
        Pod bound = client.pods().inNamespace(namespace).withName("bind-me").get();
        assertThat(bound.getSpec().getNodeName()).isEqualTo("node-a");
        assertThat(bound.getStatus().getConditions()).extracting(PodCondition::getType, PodCondition::getStatus)
                .contains(org.assertj.core.groups.Tuple.tuple("PodScheduled", "True"));
        assertThat(Long.parseLong(bound.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
    }

    @Test
    void bindingAnAssignedPodIsAConflict() {
        createUnscheduledPod("taken");
        postBinding("taken", binding("taken", "node-a"));

        RawResponse again = postBinding("taken", binding("taken", "node-b"));

        assertThat(again.code()).isEqualTo(409);
        JsonNode status = again.json();
        assertThat(status.path("reason").asString()).isEqualTo("Conflict");
        assertThat(status.path("message").asString()).isEqualTo(
                "Operation cannot be fulfilled on pods/binding \"taken\": pod taken is already assigned to node \"node-a\"");
        assertThat(client.pods().inNamespace(namespace).withName("taken").get().getSpec().getNodeName())
                .isEqualTo("node-a");
    }

    @Test
    void theBindingsCollectionBindsThePodTheBodyNames() {
        createUnscheduledPod("by-collection");
        Binding binding = new BindingBuilder().withNewMetadata().withName("by-collection").endMetadata()
                .withNewTarget().withKind("Node").withName("node-c").endTarget().build();

        client.bindings().inNamespace(namespace).resource(binding).create();

        assertThat(client.pods().inNamespace(namespace).withName("by-collection").get().getSpec().getNodeName())
                .isEqualTo("node-c");
    }

    @Test
    void aStaleUidPreconditionIsAConflictAndLeavesThePodUnassigned() {
        createUnscheduledPod("wrong-uid");

        RawResponse answer = postBinding("wrong-uid", """
                {"apiVersion":"v1","kind":"Binding","metadata":{"name":"wrong-uid","uid":"not-the-uid"},
                 "target":{"kind":"Node","name":"node-a"}}""");

        assertThat(answer.code()).isEqualTo(409);
        assertThat(answer.json().path("message").asString()).contains("Precondition failed: UID in precondition: not-the-uid");
        assertThat(client.pods().inNamespace(namespace).withName("wrong-uid").get().getSpec().getNodeName()).isNull();
    }

    @Test
    void aBindingWithoutTargetIsInvalid() {
        createUnscheduledPod("no-target");

        RawResponse answer = postBinding("no-target", """
                {"apiVersion":"v1","kind":"Binding","metadata":{"name":"no-target"},"target":{}}""");

        assertThat(answer.code()).isEqualTo(422);
        assertThat(answer.json().path("details").path("causes").get(0).path("field").asString())
                .isEqualTo("target.name");
    }

    @Test
    void aBindingForAnotherPodThanTheUrlIsABadRequest() {
        createUnscheduledPod("url-pod");

        RawResponse answer = postBinding("url-pod", binding("other-pod", "node-a"));

        assertThat(answer.code()).isEqualTo(400);
        assertThat(answer.json().path("message").asString()).isEqualTo("name in URL does not match name in Binding object");
    }

    @Test
    void bindingAMissingPodIsNotFound() {
        RawResponse answer = postBinding("ghost", binding("ghost", "node-a"));

        assertThat(answer.code()).isEqualTo(404);
    }

    private static Pod createUnscheduledPod(String name) {
        return client.resource(new PodBuilder(SampleObjects.pod(namespace, name))
                .editSpec().withSchedulerName("someone-else").endSpec().build()).create();
    }

    private static RawResponse postBinding(String pod, String body) {
        return raw.send("POST", "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/binding", "application/json",
                body);
    }

    private static String binding(String name, String node) {
        return """
                {"apiVersion":"v1","kind":"Binding","metadata":{"name":"%s"},"target":{"kind":"Node","name":"%s"}}"""
                .formatted(name, node);
    }
}
