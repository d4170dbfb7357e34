package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Malformed requests get the Status Kubernetes answers them with, never a 500, and nothing malformed is stored
 * (k/k apiserver endpoints/handlers, 1.32).
 */
class MalformedRequestTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    // The tests count a namespace's ConfigMaps: no kube-root-ca.crt is published into it.

    @RegisterExtension

    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet()

            .disableControllers("root-ca-cert-publisher").build();

    private final KubernetesClient client = skiff.client();
    private final String namespace = FreshNamespace.create(client, "malformed");
    private final String configMaps = "/api/v1/namespaces/" + namespace + "/configmaps";
    private final WireClient wire = new WireClient(skiff.server());

    @AfterEach
    void closeWire() {
        wire.close();
    }

    @Test
    void aQueryPairWithABadEscapeIsSkippedAsGoSkipsIt() {
        create("kept");

        WireClient.Answer list = wire.send("GET", configMaps + "?a=%zz&labelSelector=%zz&limit=5", null, null);

        assertThat(list.code()).isEqualTo(200);
        assertThat(json(list).path("items")).hasSize(1);
    }

    @Test
    void deleteOptionsOfAWrongTypeAreABadRequest() {
        create("victim");

        WireClient.Answer answer = wire.send("DELETE", configMaps + "/victim", "application/json",
                bytes("{\"gracePeriodSeconds\":\"abc\"}"));

        assertStatus(answer, 400, "BadRequest",
                "json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of type int64");
        assertThat(wire.send("GET", configMaps + "/victim", null, null).code()).isEqualTo(200);
    }

    @Test
    void aWronglyTypedPodTemplateIsRefusedAndNotStored() {
        String deployment = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"typed\"},"
                + "\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":\"x\"}}";

        WireClient.Answer answer = wire.send("POST", "/apis/apps/v1/namespaces/" + namespace + "/deployments",
                "application/json", bytes(deployment));

        assertThat(answer.code()).isIn(400, 422);
        assertThat(json(answer).path("kind").asString()).isEqualTo("Status");
        assertThat(client.apps().deployments().inNamespace(namespace).withName("typed").get()).isNull();
    }

    @Test
    void aWronglyTypedConfigMapDataIsRefusedAndNotStored() {
        WireClient.Answer answer = wire.send("POST", configMaps, "application/json",
                bytes("{\"metadata\":{\"name\":\"typed\"},\"data\":[\"x\"]}"));

        // k/k endpoints/handlers/rest.go transformDecodeError: the typed decode refuses it before validation.
        assertThat(answer.code()).isEqualTo(400);
        assertThat(json(answer).path("message").asString()).isEqualTo("ConfigMap in version \"v1\" cannot be handled "
                + "as a ConfigMap: json: cannot unmarshal array into Go struct field ConfigMap.data of type "
                + "map[string]string");
        assertThat(wire.send("GET", configMaps + "/typed", null, null).code()).isEqualTo(404);
    }

    @Test
    void aStrategicMergeDeleteOfAScaleNamesNoObject() {
        client.resource(SampleObjects.replicaSet(namespace, "scaled")).create();

        WireClient.Answer answer = wire.send("PATCH", "/apis/apps/v1/namespaces/" + namespace
                + "/replicasets/scaled/scale", "application/strategic-merge-patch+json", bytes("{\"$patch\":\"delete\"}"));

        assertStatus(answer, 400, "BadRequest",
                "the name of the object (scaled based on URL) was undeterminable: name must be provided");
    }

    @Test
    void aCreateWhoseWarningHasAControlCharacterStillAnswers201() {
        WireClient.Answer answer = wire.send("POST", configMaps + "?fieldValidation=Warn", "application/json",
                bytes("{\"metadata\":{\"name\":\"warned\"},\"bo\\u0000gus\":1}"));

        assertThat(answer.code()).isEqualTo(201);
        assertThat(json(answer).path("metadata").path("name").asString()).isEqualTo("warned");
    }

    @Test
    void aWarningCarriesItsTextAsUtf8() {
        WireClient.Answer answer = wire.send("POST", configMaps + "?fieldValidation=Warn", "application/json",
                bytes("{\"metadata\":{\"name\":\"accented\"},\"\u00e9t\u00e9\":1}"));

        assertThat(answer.code()).isEqualTo(201);
        assertThat(answer.headers().get("Warning")).containsExactly("299 - \"unknown field \\\"\u00e9t\u00e9\\\"\"");
    }

    @Test
    void aJsonPatchWhoseCopiesDoubleAFieldIsStoppedAt3MiB() {
        create("doubled");
        StringBuilder patch = new StringBuilder("[{\"op\":\"add\",\"path\":\"/data/seed\",\"value\":\"")
                .append("x".repeat(1024)).append("\"}");
        for (int i = 0; i < 40; i++) {
            patch.append(",{\"op\":\"copy\",\"from\":\"/data\",\"path\":\"/data/d").append(i).append("\"}");
        }
        patch.append(']');

        WireClient.Answer answer = wire.send("PATCH", configMaps + "/doubled", "application/json-patch+json",
                bytes(patch.toString()));

        assertThat(answer.code()).isEqualTo(422);
        assertThat(json(answer).path("message").asString()).startsWith(
                "Unable to complete the copy, the accumulated size increase of copy is ").endsWith(
                ", exceeding the limit 3145728");
    }

    @Test
    void aJsonPatchOfMoreThan10000OperationsIsTooLarge() {
        create("many");
        String op = "{\"op\":\"test\",\"path\":\"/kind\",\"value\":\"ConfigMap\"}";
        String patch = "[" + String.join(",", java.util.Collections.nCopies(10_001, op)) + "]";

        WireClient.Answer answer = wire.send("PATCH", configMaps + "/many", "application/json-patch+json",
                bytes(patch));

        assertStatus(answer, 413, "RequestEntityTooLarge",
                "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001");
    }

    @Test
    void configMapDataOfMoreThanOneMebibyteIsInvalid() {
        String big = "{\"metadata\":{\"name\":\"big\"},\"data\":{\"a\":\"" + "x".repeat(600 * 1024)
                + "\",\"b\":\"" + "y".repeat(600 * 1024) + "\"}}";

        WireClient.Answer answer = wire.send("POST", configMaps, "application/json", bytes(big));

        assertStatus(answer, 422, "Invalid",
                "ConfigMap \"big\" is invalid: : Too long: may not be more than 1048576 bytes");
    }

    @Test
    void anApplyPatchWithAnEmptyKeyIsRefused() {
        String patch = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"applied\"},"
                + "\"data\":{\"\":\"x\"}}";

        WireClient.Answer answer = wire.send("PATCH", configMaps + "/applied?fieldManager=tester",
                "application/apply-patch+yaml", bytes(patch));

        assertThat(answer.code()).as(answer.text()).isEqualTo(422);
        assertThat(json(answer).path("details").path("causes").get(0).path("field").asString()).isEqualTo("data[]");
        assertThat(wire.send("GET", configMaps + "/applied", null, null).code()).isEqualTo(404);
    }

    @Test
    void aNameWithAControlCharacterIsInvalid() {
        WireClient.Answer answer = wire.send("POST", configMaps, "application/json",
                bytes("{\"metadata\":{\"generateName\":\"a\\u0000-\"}}"));

        assertThat(answer.code()).as(answer.text()).isEqualTo(422);
        assertThat(json(answer).path("reason").asString()).isEqualTo("Invalid");
    }

    @Test
    void aBodyOfAnUnknownMediaTypeIsUnsupported() {
        WireClient.Answer answer = wire.send("POST", configMaps, "text/plain", bytes("{\"metadata\":{\"name\":\"t\"}}"));

        assertStatus(answer, 415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                + "accepted media types include: application/json, application/yaml, "
                + "application/vnd.kubernetes.protobuf");
    }

    @Test
    void aFieldManagerWithAControlCharacterIsInvalid() {
        WireClient.Answer answer = wire.send("POST", configMaps + "?fieldManager=%01x", "application/json",
                bytes("{\"metadata\":{\"name\":\"managed\"}}"));

        assertStatus(answer, 422, "Invalid", "CreateOptions.meta.k8s.io \"\" is invalid: fieldManager: Invalid value: "
                + "\"\\x01x\": invalid character U+0001 (at position 0)");
        assertThat(wire.send("GET", configMaps + "/managed", null, null).code()).isEqualTo(404);
    }

    @Test
    void anExactListAtAFutureResourceVersionIsTooLarge() {
        long current = Long.parseLong(json(wire.send("GET", configMaps, null, null)).path("metadata")
                .path("resourceVersion").asString());
        long future = current + 1000;

        WireClient.Answer answer = wire.send("GET", configMaps + "?resourceVersion=" + future
                + "&resourceVersionMatch=Exact", null, null);

        assertThat(answer.code()).isEqualTo(504);
        JsonNode status = json(answer);
        assertThat(status.path("reason").asString()).isEqualTo("Timeout");
        assertThat(status.path("message").asString()).startsWith("Timeout: Too large resource version: " + future
                + ", current: ");
        assertThat(status.path("details").path("causes").get(0).path("reason").asString())
                .isEqualTo("ResourceVersionTooLarge");
    }

    @Test
    void aGetAtAFutureResourceVersionIsTooLarge() {
        create("present");
        long current = Long.parseLong(json(wire.send("GET", configMaps, null, null)).path("metadata")
                .path("resourceVersion").asString());
        long future = current + 1000;

        WireClient.Answer answer = wire.send("GET", configMaps + "/present?resourceVersion=" + future, null, null);

        assertThat(answer.code()).isEqualTo(504);
        assertThat(json(answer).path("details").path("causes").get(0).path("reason").asString())
                .isEqualTo("ResourceVersionTooLarge");
        assertThat(wire.send("GET", configMaps + "/present?resourceVersion=" + current, null, null).code())
                .isEqualTo(200);
    }

    @Test
    void aContinueTokenAtARevisionTheServerNeverHadIsInvalid() {
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(
                "{\"v\":\"meta.k8s.io/v1\",\"rv\":999999999,\"start\":\"/registry/configmaps/" + namespace + "/a\"}"));

        WireClient.Answer answer = wire.send("GET", configMaps + "?limit=1&continue=" + token, null, null);

        assertStatus(answer, 400, "BadRequest", "invalid continue token: continue key is not valid: incorrect "
                + "encoded start resourceVersion (version meta.k8s.io/v1)");
    }

    @Test
    void aDryRunCreateOfATakenNameIsAlreadyExists() {
        create("taken");

        WireClient.Answer answer = wire.send("POST", configMaps + "?dryRun=All", "application/json",
                bytes("{\"metadata\":{\"name\":\"taken\"}}"));

        assertStatus(answer, 409, "AlreadyExists", "configmaps \"taken\" already exists");
    }

    @Test
    void aStatusEndsWithANewline() {
        WireClient.Answer answer = wire.send("GET", configMaps + "/missing", null, null);

        assertThat(answer.code()).isEqualTo(404);
        assertThat(answer.text()).endsWith("}\n");
    }

    private void create(String name) {
        client.resource(SampleObjects.configMap(namespace, name)).create();
    }

    private static void assertStatus(WireClient.Answer answer, int code, String reason, String message) {
        JsonNode status = json(answer);
        assertThat(answer.code()).as(answer.text()).isEqualTo(code);
        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("reason").asString()).isEqualTo(reason);
        assertThat(status.path("message").asString()).isEqualTo(message);
    }

    private static JsonNode json(WireClient.Answer answer) {
        return JSON.readTree(answer.body());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
