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
 * gracefully with the DeleteOptions it carries and answers 201 with a success Status, once the PodDisruptionBudget
 * covering a running pod allows it. The pods name another scheduler and no kubelet runs, so they stay where the test
 * puts them; the disruption controller keeps the budgets' status.
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

    @Test
    void aBudgetThatAllowsNoDisruptionRefusesWith429AndThePodStays() {
        runningPod("kept", "kept", true);
        budget("kept-pdb", "kept", "minAvailable: 1", 1);

        RawResponse answer = evict("kept", eviction("policy/v1", "kept", ""));

        assertThat(answer.code()).isEqualTo(429);
        JsonNode status = answer.json();
        assertThat(status.path("reason").asString()).isEqualTo("TooManyRequests");
        assertThat(status.path("message").asString())
                .isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
        JsonNode cause = status.path("details").path("causes").path(0);
        assertThat(cause.path("reason").asString()).isEqualTo("DisruptionBudget");
        assertThat(cause.path("message").asString())
                .isEqualTo("The disruption budget kept-pdb needs 1 healthy pods and has 1 currently");
        assertThat(client.pods().inNamespace(namespace).withName("kept").get().getMetadata().getDeletionTimestamp())
                .isNull();
    }

    @Test
    void anAllowedEvictionUsesUpTheBudgetAndMarksThePodAsADisruptionTarget() {
        runningPod("spent", "spent", true);
        budget("spent-pdb", "spent", "minAvailable: 0", 1);

        RawResponse answer = evict("spent", eviction("policy/v1", "spent", "\"gracePeriodSeconds\":30"));

        assertThat(answer.code()).isEqualTo(201);
        Pod pod = client.pods().inNamespace(namespace).withName("spent").get();
        assertThat(pod.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(pod.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("DisruptionTarget");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("EvictionByEvictionAPI");
            assertThat(c.getMessage()).isEqualTo("Eviction API: evicting");
        });
        var pdb = client.policy().v1().podDisruptionBudget().inNamespace(namespace).withName("spent-pdb").get();
        assertThat(pdb.getStatus().getDisruptionsAllowed()).isZero();
    }

    @Test
    void aPodUnderTwoBudgetsIsAnInternalError() {
        runningPod("twice", "twice", true);
        budget("twice-a", "twice", "minAvailable: 0", 1);
        budget("twice-b", "twice", "minAvailable: 0", 1);

        RawResponse answer = evict("twice", eviction("policy/v1", "twice", ""));

        assertThat(answer.code()).isEqualTo(500);
        assertThat(answer.json().path("message").asString()).isEqualTo("Internal error occurred: This pod has more "
                + "than one PodDisruptionBudget, which the eviction subresource does not support.");
    }

    @Test
    void anUnreadyPodIsEvictedDespiteTheBudgetWhenItsPolicyIsAlwaysAllow() {
        runningPod("sick", "sick", false);
        budget("sick-pdb", "sick", "minAvailable: 1\n  unhealthyPodEvictionPolicy: AlwaysAllow", 1);

        assertThat(evict("sick", eviction("policy/v1", "sick", "")).code()).isEqualTo(201);
        assertThat(client.pods().inNamespace(namespace).withName("sick").get().getMetadata().getDeletionTimestamp())
                .isNotNull();
    }

    /** A pod bound to a node and reported Running, Ready or not, labelled {@code app=<app>}. */
    private static void runningPod(String name, String app, boolean ready) {
        client.resource(new PodBuilder(SampleObjects.pod(namespace, name)).editMetadata()
                .addToLabels("app", app).endMetadata()
                .editSpec().withSchedulerName("someone-else").withNodeName("node-a").endSpec().build()).create();
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().build());
        client.resource(pod).updateStatus();
    }

    /** A budget over {@code app=<app>} whose status the disruption controller has computed for {@code pods} pods. */
    private static void budget(String name, String app, String bounds, int pods) {
        client.load(new java.io.ByteArrayInputStream("""
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: %s, namespace: %s}
                spec:
                  selector: {matchLabels: {app: %s}}
                  %s
                """.formatted(name, namespace, app, bounds).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .create();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            var pdb = client.policy().v1().podDisruptionBudget().inNamespace(namespace).withName(name).get();
            return pdb.getStatus() != null && pdb.getStatus().getObservedGeneration() != null
                    && pdb.getStatus().getObservedGeneration() == 1 && pdb.getStatus().getExpectedPods() == pods;
        });
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
