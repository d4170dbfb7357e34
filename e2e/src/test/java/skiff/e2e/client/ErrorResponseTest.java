package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;
import tools.jackson.databind.JsonNode;

/**
 * Failed requests answer with a Kubernetes Status carrying the code, reason, message and details clients rely on
 * (k/k apimachinery pkg/api/errors), and leave nothing stored behind.
 */
class ErrorResponseTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().build();

    private final KubernetesClient client = skiff.client();
    private final RawApi raw = new RawApi(client);
    private final String namespace = FreshNamespace.create(client, "errors");

    @Test
    void getOfAMissingObjectIsNotFoundWithDetails() {
        RawResponse missing = raw.get("/api/v1/namespaces/" + namespace + "/configmaps/missing");

        assertThat(missing.code()).isEqualTo(404);
        JsonNode status = missing.json();
        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("apiVersion").asString()).isEqualTo("v1");
        assertThat(status.path("status").asString()).isEqualTo("Failure");
        assertThat(status.path("reason").asString()).isEqualTo("NotFound");
        assertThat(status.path("code").asInt()).isEqualTo(404);
        assertThat(status.path("message").asString()).isEqualTo("configmaps \"missing\" not found");
        assertThat(status.path("details").path("name").asString()).isEqualTo("missing");
        assertThat(status.path("details").path("kind").asString()).isEqualTo("configmaps");

        Status deployment = failure(() -> client.apps().deployments().inNamespace(namespace).withName("missing")
                .edit(d -> d), 404);
        assertThat(deployment.getMessage()).isEqualTo("deployments.apps \"missing\" not found");
        assertThat(deployment.getDetails().getGroup()).isEqualTo("apps");
        assertThat(deployment.getDetails().getKind()).isEqualTo("deployments");
    }

    @Test
    void createOfAnExistingNameIsAlreadyExistsAndKeepsTheOriginal() {
        ConfigMap original = client.resource(SampleObjects.configMap(namespace, "taken", Map.of("v", "first")))
                .create();

        Status status = failure(() -> client.resource(SampleObjects.configMap(namespace, "taken",
                Map.of("v", "second"))).create(), 409);

        assertThat(status.getReason()).isEqualTo("AlreadyExists");
        assertThat(status.getMessage()).isEqualTo("configmaps \"taken\" already exists");
        assertThat(status.getDetails().getName()).isEqualTo("taken");
        ConfigMap stored = client.configMaps().inNamespace(namespace).withName("taken").get();
        assertThat(stored.getData()).containsEntry("v", "first");
        assertThat(stored.getMetadata().getResourceVersion()).isEqualTo(original.getMetadata().getResourceVersion());
    }

    @Test
    void invalidNameIsUnprocessableWithTheFieldPathAndNothingIsStored() {
        Status status = failure(() -> client.resource(SampleObjects.configMap(namespace, "Bad_Name")).create(), 422);

        assertThat(status.getReason()).isEqualTo("Invalid");
        assertThat(status.getMessage()).startsWith("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: "
                + "\"Bad_Name\": a lowercase RFC 1123 subdomain must consist of");
        assertThat(status.getDetails().getKind()).isEqualTo("ConfigMap");
        assertThat(status.getDetails().getCauses()).singleElement().satisfies(cause -> {
            assertThat(cause.getField()).isEqualTo("metadata.name");
            assertThat(cause.getReason()).isEqualTo("FieldValueInvalid");
        });
        assertThat(client.configMaps().inNamespace(namespace).list().getItems())
                .extracting(c -> c.getMetadata().getName()).doesNotContain("Bad_Name");
    }

    @Test
    void podWithoutAnImageIsInvalidAtThatContainersField() {
        Status status = failure(() -> client.resource(new PodBuilder(SampleObjects.pod(namespace, "no-image"))
                .editSpec().editFirstContainer().withImage(null).endContainer()
                .addNewContainer().withName("sidecar").withImage("busybox").endContainer().endSpec().build())
                .create(), 422);

        assertThat(status.getMessage())
                .isEqualTo("Pod \"no-image\" is invalid: spec.containers[0].image: Required value");
        assertThat(status.getDetails().getCauses()).extracting(StatusCause::getField, StatusCause::getReason)
                .containsExactly(tuple("spec.containers[0].image", "FieldValueRequired"));
        assertThat(client.pods().inNamespace(namespace).withName("no-image").get()).isNull();
    }

    @Test
    void invalidObjectOfAGroupNamesTheKindWithItsGroup() {
        Status status = failure(() -> client.resource(SampleObjects.deployment(namespace, "Bad_Name")).create(), 422);

        assertThat(status.getMessage()).startsWith("Deployment.apps \"Bad_Name\" is invalid: metadata.name: ");
        assertThat(status.getDetails().getGroup()).isEqualTo("apps");
        assertThat(status.getDetails().getKind()).isEqualTo("Deployment");
    }

    @Test
    void malformedJsonBodyIsABadRequestAndNothingIsStored() {
        RawResponse answer = raw.send("POST", "/api/v1/namespaces/" + namespace + "/configmaps", "application/json",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"broken\"");

        assertThat(answer.code()).isEqualTo(400);
        assertThat(answer.json().path("kind").asString()).isEqualTo("Status");
        assertThat(answer.json().path("reason").asString()).isEqualTo("BadRequest");
        assertThat(client.configMaps().inNamespace(namespace).withName("broken").get()).isNull();
    }

    @Test
    void bodyOverThreeMebibytesIsTooLargeAndNothingIsStored() {
        String big = "x".repeat(3 * 1024 * 1024 + 1);
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"huge\"},"
                + "\"data\":{\"big\":\"" + big + "\"}}";

        RawResponse answer = raw.send("POST", "/api/v1/namespaces/" + namespace + "/configmaps", "application/json",
                body);

        assertThat(answer.code()).isEqualTo(413);
        assertThat(answer.json().path("reason").asString()).isEqualTo("RequestEntityTooLarge");
        assertThat(answer.json().path("message").asString()).isEqualTo("Request entity too large: limit is 3145728");
        assertThat(client.configMaps().inNamespace(namespace).withName("huge").get()).isNull();
    }

    @Test
    void aWrongTokenIsUnauthorizedAndAnonymousForbiddenAndNothingIsStored() {
        // Kubernetes authenticates a request without credentials as system:anonymous, which RBAC then refuses (403)
        // but for the public-info paths; a wrong token fails authentication (401).
        for (String token : new String[] {null, "not-the-admin-token"}) {
            int refused = token == null ? 403 : 401;
            try (KubernetesClient stranger = new KubernetesClientBuilder()
                    .withConfig(new ConfigBuilder(skiff.config()).withOauthToken(token).build()).build()) {
                Status status = failure(() -> stranger.resource(SampleObjects.configMap(namespace, "intruder"))
                        .create(), refused);
                assertThat(status.getReason()).isEqualTo(token == null ? "Forbidden" : "Unauthorized");
                assertThat(new RawApi(stranger).get("/api/v1/namespaces").code()).isEqualTo(refused);
                assertThat(new RawApi(stranger).get("/version").code()).isEqualTo(token == null ? 200 : 401);
            }
        }
        assertThat(client.configMaps().inNamespace(namespace).withName("intruder").get()).isNull();
    }

    /** Runs a call that must fail with {@code code}; answers the Status the server sent. */
    private static Status failure(ThrowingCallable call, int code) {
        Status[] status = new Status[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(code);
            assertThat(e.getStatus()).isNotNull();
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            status[0] = e.getStatus();
        });
        return status[0];
    }
}
