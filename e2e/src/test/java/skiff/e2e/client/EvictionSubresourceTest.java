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
 * The pods/eviction subresource (k/k pkg/registry/core/pod/storage/eviction.go, 1.32): an Eviction deletes the pod
 * gracefully with the DeleteOptions it carries and answers 201 with a success Status. No pod disruption budget is
 * consulted yet. The pods name another scheduler and no kubelet runs, so they stay where the test puts them.
 */
class EvictionSubresourceTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    private static KubernetesClient client;
    private static RawApi raw;
    private static String namespace;

    @BeforeAll
    static void createNamespace() {
        client = skiff.client();
        raw = new RawApi(client);
        namespace = FreshNamespace.create(client, "eviction");
    }

    @Test
    void evictingAnUnscheduledPodDeletesItAndAnswersASuccessStatus() {
        createPod("pending", null);

        RawResponse answer = evict("pending", eviction("policy/v1", "pending", ""));

        assertThat(answer.code()).isEqualTo(201);
        JsonNode status = answer.json();
        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("status").asString()).isEqualTo("Success");
        assertThat(status.path("code").asInt()).isEqualTo(201);
        assertThat(client.pods().inNamespace(namespace).withName("pending").get()).isNull();
    }

    @Test
    void evictionIsAGracefulDeleteWithTheEvictionsGracePeriod() {
        createPod("running", "node-a");

        RawResponse answer = evict("running", eviction("policy/v1", "running", "\"gracePeriodSeconds\":7"));

        assertThat(answer.code()).isEqualTo(201);
        Pod pod = client.pods().inNamespace(namespace).withName("running").get();
        assertThat(pod.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(pod.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(7L);
    }

    @Test
    void policyV1beta1EvictionsAreAcceptedToo() {
        createPod("beta", null);

        assertThat(evict("beta", eviction("policy/v1beta1", "beta", "")).code()).isEqualTo(201);
        assertThat(client.pods().inNamespace(namespace).withName("beta").get()).isNull();
    }

    @Test
    void aUidPreconditionThatDoesNotMatchIsAConflictAndThePodStays() {
        createPod("guarded", "node-a");

        RawResponse answer = evict("guarded", eviction("policy/v1", "guarded",
                "\"preconditions\":{\"uid\":\"not-the-uid\"}"));

        assertThat(answer.code()).isEqualTo(409);
        assertThat(answer.json().path("reason").asString()).isEqualTo("Conflict");
        assertThat(client.pods().inNamespace(namespace).withName("guarded").get().getMetadata().getDeletionTimestamp())
                .isNull();
    }

    @Test
    void dryRunEvictsNothing() {
        createPod("dry", null);

        RawResponse answer = raw.send("POST", path("dry") + "?dryRun=All", "application/json",
                eviction("policy/v1", "dry", ""));

        assertThat(answer.code()).isEqualTo(201);
        assertThat(client.pods().inNamespace(namespace).withName("dry").get()).isNotNull();
    }

    @Test
    void evictingAMissingPodIsNotFoundNamingThePod() {
        RawResponse answer = evict("ghost", eviction("policy/v1", "ghost", ""));

        assertThat(answer.code()).isEqualTo(404);
        JsonNode status = answer.json();
        assertThat(status.path("message").asString()).isEqualTo("pods \"ghost\" not found");
        assertThat(status.path("details").path("name").asString()).isEqualTo("ghost");
        assertThat(status.path("details").path("kind").asString()).isEqualTo("pods");
    }

    @Test
    void anEvictionForAnotherPodThanTheUrlIsABadRequest() {
        createPod("url-pod", null);

        RawResponse answer = evict("url-pod", eviction("policy/v1", "other-pod", ""));

        assertThat(answer.code()).isEqualTo(400);
        assertThat(answer.json().path("message").asString())
                .isEqualTo("name in URL does not match name in Eviction object");
        assertThat(client.pods().inNamespace(namespace).withName("url-pod").get()).isNotNull();
    }

    @Test
    void anEvictionFromAnotherNamespaceIsABadRequest() {
        createPod("ns-pod", null);

        RawResponse answer = evict("ns-pod", """
                {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"ns-pod","namespace":"elsewhere"}}""");

        assertThat(answer.code()).isEqualTo(400);
        assertThat(client.pods().inNamespace(namespace).withName("ns-pod").get()).isNotNull();
    }

    @Test
    void fabric8EvictsThroughTheSubresource() {
        createPod("by-client", null);

        assertThat(client.pods().inNamespace(namespace).withName("by-client").evict()).isTrue();
        assertThat(client.pods().inNamespace(namespace).withName("by-client").get()).isNull();
    }

    private static void createPod(String name, String node) {
        client.resource(new PodBuilder(SampleObjects.pod(namespace, name))
                .editSpec().withSchedulerName("someone-else").withNodeName(node).endSpec().build()).create();
    }

    private static RawResponse evict(String pod, String body) {
        return raw.send("POST", path(pod), "application/json", body);
    }

    private static String path(String pod) {
        return "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/eviction";
    }

    private static String eviction(String apiVersion, String name, String deleteOptions) {
        return """
                {"apiVersion":"%s","kind":"Eviction","metadata":{"name":"%s","namespace":"%s"},
                 "deleteOptions":{%s}}""".formatted(apiVersion, name, namespace, deleteOptions);
    }
}
