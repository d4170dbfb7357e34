package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.api.json.Json;
import skiff.apiserver.testing.TestWebhookServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A two-version CRD converted by a webhook, through kubectl: v1 (stored) calls its field {@code spec.title}, v2
 * {@code spec.name}, and an HTTPS conversion webhook on loopback renames it. Each version shows, selects, watches and
 * accepts its own form; a webhook that refuses to convert fails the read with its message (k/k 1.32 apiextensions-apiserver
 * pkg/apiserver/conversion/webhook_converter.go).
 */
class CustomResourceConversionWebhookKubectlTest {
    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    private static final TestWebhookServer WEBHOOK = new TestWebhookServer()
            .answer("/convert", review -> answer(review, "Success", ""))
            .answer("/refuse", review -> answer(review, "Failure", "gadgets of v1 cannot become v2"));

    @AfterAll
    static void stopWebhook() {
        WEBHOOK.close();
    }

    /** Converts every object of {@code review} to its desiredAPIVersion, or fails with {@code message}. */
    private static JsonNode answer(JsonNode review, String status, String message) {
        String desired = review.path("request").path("desiredAPIVersion").asString();
        ObjectNode answer = Json.object();
        answer.put("apiVersion", "apiextensions.k8s.io/v1");
        answer.put("kind", "ConversionReview");
        ObjectNode response = answer.putObject("response");
        response.put("uid", review.path("request").path("uid").asString());
        response.putObject("result").put("status", status).put("message", message);
        for (JsonNode object : review.path("request").path("objects")) {
            ObjectNode converted = (ObjectNode) object.deepCopy();
            ObjectNode spec = converted.withObject("spec");
            String from = desired.endsWith("/v2") ? "title" : "name";
            spec.set(desired.endsWith("/v2") ? "name" : "title", spec.remove(from));
            converted.put("apiVersion", desired);
            response.withArray("convertedObjects").add(converted);
        }
        return answer;
    }

    private static String crd(String plural, String kind, String path) {
        return """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: %1$s.conv.example.com}
                spec:
                  group: conv.example.com
                  scope: Namespaced
                  names: {plural: %1$s, kind: %2$s}
                  conversion:
                    strategy: Webhook
                    webhook:
                      clientConfig: {url: "%3$s", caBundle: %4$s}
                      conversionReviewVersions: [v1]
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    selectableFields: [{jsonPath: .spec.title}]
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec: {type: object, properties: {title: {type: string}}}
                  - name: v2
                    served: true
                    storage: false
                    selectableFields: [{jsonPath: .spec.name}]
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec: {type: object, properties: {name: {type: string}}}
                """.formatted(plural, kind, WEBHOOK.url(path), WEBHOOK.caBundle());
    }

    private static void establish(Kubectl kubectl, String plural, String kind, String path) {
        kubectl.succeed("apply", "-f", kubectl.file(plural + ".yaml", crd(plural, kind, path)));
        kubectl.succeed("wait", "--for=condition=Established", "--timeout=10s", "crd/" + plural + ".conv.example.com");
    }

    @Test
    void eachVersionShowsSelectsAndAcceptsItsOwnFormOfTheField(Kubectl kubectl) {
        establish(kubectl, "gadgets", "Gadget", "/convert");
        await().atMost(Duration.ofSeconds(10)).until(() -> kubectl.run("apply", "-f", kubectl.file("old.yaml", """
                apiVersion: conv.example.com/v1
                kind: Gadget
                metadata: {name: old}
                spec: {title: hello}
                """)).exitCode() == 0);
        kubectl.succeed("apply", "-f", kubectl.file("new.yaml", """
                apiVersion: conv.example.com/v2
                kind: Gadget
                metadata: {name: new}
                spec: {name: world}
                """));

        assertThat(kubectl.succeed("get", "gadgets.v2.conv.example.com", "old", "-o", "jsonpath={.spec}").stdout())
                .isEqualTo("{\"name\":\"hello\"}");
        assertThat(kubectl.succeed("get", "gadgets.v1.conv.example.com", "old", "-o", "jsonpath={.spec}").stdout())
                .isEqualTo("{\"title\":\"hello\"}");
        assertThat(kubectl.succeed("get", "gadgets.v1.conv.example.com", "new", "-o", "jsonpath={.spec}").stdout())
                .isEqualTo("{\"title\":\"world\"}");
        assertThat(kubectl.succeed("get", "gadgets.v2.conv.example.com", "-o",
                "jsonpath={range .items[*]}{.apiVersion} {.metadata.name}={.spec.name};{end}").stdout())
                .isEqualTo("conv.example.com/v2 new=world;conv.example.com/v2 old=hello;");
        assertThat(kubectl.succeed("get", "gadgets.v2.conv.example.com", "--field-selector", "spec.name=world",
                "-o", "name").stdout()).isEqualTo("gadget.conv.example.com/new\n");
        assertThat(kubectl.succeed("get", "gadgets.v1.conv.example.com", "--field-selector", "spec.title=hello",
                "-o", "name").stdout()).isEqualTo("gadget.conv.example.com/old\n");
        try (KubectlWatch watch = kubectl.watch("get", "gadgets.v2.conv.example.com", "old", "-w", "-o",
                "jsonpath={.spec.name}{\"\\n\"}")) {
            assertThat(watch.nextLine(Duration.ofSeconds(10))).isEqualTo("hello");
            kubectl.succeed("patch", "gadgets.v1.conv.example.com", "old", "--type=merge", "-p",
                    "{\"spec\": {\"title\": \"again\"}}");
            assertThat(watch.nextLine(Duration.ofSeconds(10))).isEqualTo("again");
        }
    }

    @Test
    void aWebhookThatRefusesFailsTheReadWithItsMessage(Kubectl kubectl) {
        establish(kubectl, "brokens", "Broken", "/refuse");
        await().atMost(Duration.ofSeconds(10)).until(() -> kubectl.run("apply", "-f", kubectl.file("b.yaml", """
                apiVersion: conv.example.com/v1
                kind: Broken
                metadata: {name: b}
                spec: {title: stuck}
                """)).exitCode() == 0);

        KubectlResult refused = kubectl.run("get", "brokens.v2.conv.example.com", "b");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).isEqualTo("Error from server: conversion webhook for conv.example.com/v1, "
                + "Kind=Broken failed: gadgets of v1 cannot become v2\n");
        assertThat(kubectl.succeed("get", "brokens.v1.conv.example.com", "b", "-o", "jsonpath={.spec.title}")
                .stdout()).isEqualTo("stuck");
    }
}
