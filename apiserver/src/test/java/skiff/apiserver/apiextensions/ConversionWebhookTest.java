package skiff.apiserver.apiextensions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import skiff.apiserver.admission.webhook.WebhookPoster;
import skiff.apiserver.admission.webhook.WebhookSource;
import skiff.apiserver.status.StatusException;
import skiff.apiserver.testing.TestWebhookServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A CRD's conversion webhook, called over HTTPS with a caBundle of the test's own CA: v1 of Widget calls its field
 * {@code spec.title}, v2 {@code spec.name}.
 */
class ConversionWebhookTest {
    private static final String UID = "0b5e7a2c-1f4d-4c7e-9a3b-6d2f8e1c0a94";
    private final TestWebhookServer server = new TestWebhookServer();
    private final WebhookPoster poster = new WebhookPoster(WebhookSource.NONE);

    @AfterEach
    void close() {
        server.close();
    }

    private ConversionWebhook webhook(String path, String... reviewVersions) {
        ObjectNode webhook = Json.object();
        webhook.putObject("clientConfig").put("url", server.url(path))
                .put("caBundle", server.caBundle());
        for (String v : reviewVersions) {
            webhook.withArray("conversionReviewVersions").add(v);
        }
        return new ConversionWebhook(poster, webhook, () -> UID);
    }

    /** Answers a review as a webhook would: uid, result and converted objects from {@code convert}. */
    private static JsonNode review(JsonNode review, String status, Function<ObjectNode, ObjectNode> convert) {
        ObjectNode answer = Json.object();
        answer.put("apiVersion", review.path("apiVersion").asString());
        answer.put("kind", "ConversionReview");
        ObjectNode response = answer.putObject("response");
        response.put("uid", review.path("request").path("uid").asString());
        response.putObject("result").put("status", status);
        for (JsonNode o : review.path("request").path("objects")) {
            response.withArray("convertedObjects").add(convert.apply((ObjectNode) o.deepCopy()));
        }
        return answer;
    }

    /** v1 to v2 and back, renaming the field; the webhook also labels the object and tries to rename it. */
    private static ObjectNode rename(ObjectNode o, String desired) {
        ObjectNode spec = o.withObject("spec");
        if (desired.endsWith("/v2")) {
            spec.set("name", spec.remove("title"));
        } else {
            spec.set("title", spec.remove("name"));
        }
        o.put("apiVersion", desired);
        o.withObject("metadata").withObject("labels").put("converted", "yes");
        o.withObject("metadata").put("generation", 99);
        return o;
    }

    private static ObjectNode widget(String apiVersion, String field, String value) {
        return (ObjectNode) Json.parse("""
                {"apiVersion": "%s", "kind": "Widget",
                 "metadata": {"name": "w", "namespace": "default", "uid": "u-1", "resourceVersion": "7",
                              "generation": 1},
                 "spec": {"%s": "%s"}}""".formatted(apiVersion, field, value).getBytes());
    }

    @Test
    void aV1ReviewCarriesTheObjectAndItsAnswerKeepsOnlyLabelsAndAnnotationsOfItsMetadata() {
        server.answer("/convert", r -> review(r, "Success",
                o -> rename(o, r.path("request").path("desiredAPIVersion").asString())));

        ObjectNode converted = webhook("/convert", "v1", "v1beta1")
                .convert(widget("shop.example.com/v1", "title", "hello"), "shop.example.com/v2");

        JsonNode sent = server.reviews("/convert").get(0);
        assertThat(sent.path("apiVersion").asString()).isEqualTo("apiextensions.k8s.io/v1");
        assertThat(sent.path("kind").asString()).isEqualTo("ConversionReview");
        assertThat(sent.path("request").path("uid").asString()).isEqualTo(UID);
        assertThat(sent.path("request").path("desiredAPIVersion").asString()).isEqualTo("shop.example.com/v2");
        assertThat(sent.path("request").path("objects").get(0).path("spec").path("title").asString())
                .isEqualTo("hello");
        assertThat(converted.path("apiVersion").asString()).isEqualTo("shop.example.com/v2");
        assertThat(converted.path("spec").toString()).isEqualTo("{\"name\":\"hello\"}");
        assertThat(converted.path("metadata").path("labels").toString()).isEqualTo("{\"converted\":\"yes\"}");
        assertThat(converted.path("metadata").path("generation").asInt()).isEqualTo(1);
        assertThat(converted.path("metadata").path("resourceVersion").asString()).isEqualTo("7");
    }

    @Test
    void onlyV1beta1ListedSendsAV1beta1ReviewWhoseUidIsNotChecked() {
        server.answer("/beta", r -> {
            JsonNode answer = review(r, "Success", o -> rename(o, "shop.example.com/v2"));
            ((ObjectNode) answer.path("response")).put("uid", "something else");
            return answer;
        });

        ObjectNode converted = webhook("/beta", "v1beta2", "v1beta1")
                .convert(widget("shop.example.com/v1", "title", "x"), "shop.example.com/v2");

        assertThat(server.reviews("/beta").get(0).path("apiVersion").asString())
                .isEqualTo("apiextensions.k8s.io/v1beta1");
        assertThat(converted.path("spec").path("name").asString()).isEqualTo("x");
    }

    @Test
    void whatTheWebhookGetsWrongIsReportedInKubernetesWords() {
        String failed = "conversion webhook for shop.example.com/v1, Kind=Widget";
        Map<String, Function<JsonNode, JsonNode>> answers = Map.of(
                "/refuse", r -> {
                    JsonNode a = review(r, "Failure", o -> o);
                    ((ObjectNode) a.path("response").path("result")).put("message", "v1 widgets are gone");
                    return a;
                },
                "/silent", r -> review(r, "Failure", o -> o),
                "/uid", r -> {
                    JsonNode a = review(r, "Success", o -> rename(o, "shop.example.com/v2"));
                    ((ObjectNode) a.path("response")).put("uid", "other");
                    return a;
                },
                "/kind", r -> {
                    JsonNode a = review(r, "Success", o -> rename(o, "shop.example.com/v2"));
                    ((ObjectNode) a).put("kind", "AdmissionReview");
                    return a;
                },
                "/version", r -> review(r, "Success", o -> rename(o, "shop.example.com/v1")),
                "/rename", r -> review(r, "Success", o -> {
                    rename(o, "shop.example.com/v2").withObject("metadata").put("name", "other");
                    return o;
                }),
                "/badlabel", r -> review(r, "Success", o -> {
                    rename(o, "shop.example.com/v2").withObject("metadata").withObject("labels").put("-x", "y");
                    return o;
                }),
                "/none", r -> {
                    JsonNode a = review(r, "Success", o -> o);
                    ((ObjectNode) a.path("response")).putArray("convertedObjects");
                    return a;
                });
        answers.forEach(server::answer);

        assertThat(failure("/refuse")).isEqualTo(failed + " failed: v1 widgets are gone");
        assertThat(failure("/silent")).isEqualTo(failed + " failed: response.result.status was 'Failure', not "
                + "'Success'");
        assertThat(failure("/uid")).isEqualTo(failed + " failed: expected response.uid=\"" + UID
                + "\", got \"other\"");
        assertThat(failure("/kind")).isEqualTo(failed + " failed: expected webhook response of "
                + "apiextensions.k8s.io/v1, Kind=ConversionReview, got apiextensions.k8s.io/v1, Kind=AdmissionReview");
        assertThat(failure("/version")).isEqualTo(failed + " returned invalid object at index 0: invalid "
                + "groupVersion (expected shop.example.com/v2, received shop.example.com/v1)");
        assertThat(failure("/rename")).isEqualTo(failed + " returned invalid object: must have the same name: w != "
                + "other");
        assertThat(failure("/badlabel")).startsWith(failed + " returned invalid metadata: metadata.labels: Invalid "
                + "value: \"-x\": name part must consist of alphanumeric characters");
        assertThat(failure("/none")).isEqualTo(failed + " returned 0 objects, expected 1");
    }

    private String failure(String path) {
        try {
            webhook(path, "v1").convert(widget("shop.example.com/v1", "title", "x"), "shop.example.com/v2");
        } catch (ConversionFailure e) {
            return e.getMessage();
        }
        throw new AssertionError("no failure from " + path);
    }

    @Test
    void anUnreachableWebhookFailsReadsWithA500AndWritesWithAnInternalError() {
        ObjectNode config = Json.object();
        config.putObject("clientConfig").put("url", "https://127.0.0.1:1/convert");
        config.putArray("conversionReviewVersions").add("v1");
        CustomResourceConverter unreachable = new ConversionWebhook(poster, config, () -> UID);
        Map<String, StructuralSchema> schemas = Map.of();
        CustomResourceConversion v2 = new CustomResourceConversion("shop.example.com", "v2", "v1", schemas,
                unreachable);
        String reason = "failed: Post \"https://127.0.0.1:1/convert?timeout=30s\": dial tcp 127.0.0.1:1: connect: "
                + "connection refused";

        assertThatThrownBy(() -> v2.toServed(widget("shop.example.com/v1", "title", "x")))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(500);
                    assertThat(e.status().has("reason")).isFalse();
                    assertThat(e.getMessage()).isEqualTo("conversion webhook for shop.example.com/v1, Kind=Widget "
                            + reason);
                });
        assertThatThrownBy(() -> v2.toStored(widget("shop.example.com/v2", "name", "x")))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(500);
                    assertThat(e.reason()).isEqualTo("InternalError");
                    assertThat(e.getMessage()).isEqualTo("Internal error occurred: conversion webhook for "
                            + "shop.example.com/v2, Kind=Widget " + reason);
                });
        ObjectNode stored = widget("shop.example.com/v1", "title", "x");
        CustomResourceConversion v1 = new CustomResourceConversion("shop.example.com", "v1", "v1", schemas,
                unreachable);
        assertThat(v1.toServed(stored)).isEqualTo(stored);
    }
}
