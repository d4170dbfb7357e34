package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;
import tools.jackson.databind.JsonNode;

/**
 * The pods/ephemeralcontainers subresource (k/k pkg/registry/core/pod/strategy.go podEphemeralContainersStrategy and
 * validation.go ValidatePodEphemeralContainersUpdate, 1.32): a write changes spec.ephemeralContainers only, ephemeral
 * containers may be added but not removed or changed, and each is validated as an ephemeral container.
 */
class EphemeralContainersSubresourceTest {
    private static final String SMP = "application/strategic-merge-patch+json";

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    private static KubernetesClient client;
    private static RawApi raw;
    private static String namespace;

    @BeforeAll
    static void createNamespace() {
        client = skiff.client();
        raw = new RawApi(client);
        namespace = FreshNamespace.create(client, "ephemeral");
    }

    @Test
    void aPatchAddsAnEphemeralContainerAndChangesNothingElse() {
        createPod("add");

        RawResponse answer = patch("add", """
                {"metadata":{"labels":{"sneaked":"in"}},
                 "spec":{"activeDeadlineSeconds":30,
                         "ephemeralContainers":[{"name":"debugger","image":"busybox","targetContainerName":"app"}]}}""");

        assertThat(answer.code()).isEqualTo(200);
        Pod stored = client.pods().inNamespace(namespace).withName("add").get();
        assertThat(stored.getSpec().getEphemeralContainers()).extracting(EphemeralContainer::getName,
                EphemeralContainer::getTargetContainerName).containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "debugger", "app"));
        assertThat(stored.getSpec().getEphemeralContainers().get(0).getTerminationMessagePolicy()).isEqualTo("File");
        assertThat(stored.getSpec().getActiveDeadlineSeconds()).isNull();
        assertThat(stored.getMetadata().getLabels()).isNullOrEmpty();
        assertThat(raw.get(path("add")).json().path("spec").path("ephemeralContainers").get(0).path("name").asString())
                .isEqualTo("debugger");
    }

    @Test
    void anExistingEphemeralContainerMayNotBeRemoved() {
        createPod("remove");
        patch("remove", "{\"spec\":{\"ephemeralContainers\":[{\"name\":\"debugger\",\"image\":\"busybox\"}]}}");

        RawResponse answer = raw.send("PATCH", path("remove"), "application/merge-patch+json",
                "{\"spec\":{\"ephemeralContainers\":null}}");

        assertInvalid(answer, "spec.ephemeralContainers", "FieldValueForbidden");
        assertThat(answer.json().path("message").asString())
                .contains("existing ephemeral containers \"debugger\" may not be removed");
        assertThat(client.pods().inNamespace(namespace).withName("remove").get().getSpec().getEphemeralContainers())
                .hasSize(1);
    }

    @Test
    void ephemeralContainersMayNotHavePortsProbesLifecycleOrResources() {
        createPod("fields");

        RawResponse answer = patch("fields", """
                {"spec":{"ephemeralContainers":[{"name":"debugger","image":"busybox",
                  "ports":[{"containerPort":80}],
                  "readinessProbe":{"exec":{"command":["true"]}},
                  "lifecycle":{"postStart":{"exec":{"command":["true"]}}},
                  "resources":{"limits":{"cpu":"1"}}}]}}""");

        assertThat(answer.code()).isEqualTo(422);
        JsonNode causes = answer.json().path("details").path("causes");
        assertThat(causes.findValuesAsString("field")).contains("spec.ephemeralContainers[0].ports",
                "spec.ephemeralContainers[0].readinessProbe", "spec.ephemeralContainers[0].lifecycle",
                "spec.ephemeralContainers[0].resources");
        assertThat(client.pods().inNamespace(namespace).withName("fields").get().getSpec().getEphemeralContainers())
                .isNullOrEmpty();
    }

    @Test
    void namesAreUniqueAcrossAllContainersAndTheTargetMustExist() {
        createPod("names");

        RawResponse answer = patch("names", """
                {"spec":{"ephemeralContainers":[{"name":"app","image":"busybox","targetContainerName":"nope"}]}}""");

        assertThat(answer.code()).isEqualTo(422);
        JsonNode causes = answer.json().path("details").path("causes");
        assertThat(causes.findValuesAsString("field")).contains("spec.ephemeralContainers[0].name",
                "spec.ephemeralContainers[0].targetContainerName");
    }

    @Test
    void theMainEndpointCannotAddEphemeralContainers() {
        Pod created = createPod("main");

        RawResponse answer = raw.send("PATCH", "/api/v1/namespaces/" + namespace + "/pods/main", SMP,
                "{\"spec\":{\"ephemeralContainers\":[{\"name\":\"debugger\",\"image\":\"busybox\"}]}}");

        assertThat(answer.code()).isEqualTo(422);
        assertThat(client.pods().inNamespace(namespace).withName("main").get().getMetadata().getResourceVersion())
                .isEqualTo(created.getMetadata().getResourceVersion());
    }

    private static void assertInvalid(RawResponse answer, String field, String reason) {
        assertThat(answer.code()).isEqualTo(422);
        JsonNode cause = answer.json().path("details").path("causes").get(0);
        assertThat(cause.path("field").asString()).isEqualTo(field);
        assertThat(cause.path("reason").asString()).isEqualTo(reason);
    }

    private static Pod createPod(String name) {
        return client.resource(new PodBuilder(SampleObjects.pod(namespace, name))
                .editSpec().withSchedulerName("someone-else").endSpec().build()).create();
    }

    private static RawResponse patch(String pod, String body) {
        return raw.send("PATCH", path(pod), SMP, body);
    }

    private static String path(String pod) {
        return "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/ephemeralcontainers";
    }
}
