package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.api.json.Json;
import skiff.apiserver.testing.TestWebhookServer;
import skiff.testing.CrdManifest;
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

    private static CrdManifest crd(String plural, String kind, String path) {
        return CrdManifest.of("conv.example.com", plural, kind)
                .conversionWebhook(WEBHOOK.url(path), WEBHOOK.caBundle())
                .version("v1", """
                        selectableFields: [{jsonPath: .spec.title}]
                        """ + CrdManifest.schema("""
                        type: object
                        properties:
                          spec: {type: object, properties: {title: {type: string}}}
                        """))
                .version("v2", """
                        selectableFields: [{jsonPath: .spec.name}]
                        """ + CrdManifest.schema("""
                        type: object
                        properties:
                          spec: {type: object, properties: {name: {type: string}}}
                        """));
    }

    @Test
    void eachVersionShowsSelectsAndAcceptsItsOwnFormOfTheField(Kubectl kubectl) {
        CustomResources.establish(kubectl, crd("gadgets", "Gadget", "/convert"));
        CustomResources.applyWhenServed(kubectl, "old.yaml", """
                apiVersion: conv.example.com/v1
                kind: Gadget
                metadata: {name: old}
                spec: {title: hello}
                """);
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
        CustomResources.establish(kubectl, crd("brokens", "Broken", "/refuse"));
        CustomResources.applyWhenServed(kubectl, "b.yaml", """
                apiVersion: conv.example.com/v1
                kind: Broken
                metadata: {name: b}
                spec: {title: stuck}
                """);

        KubectlResult refused = kubectl.run("get", "brokens.v2.conv.example.com", "b");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).isEqualTo("Error from server: conversion webhook for conv.example.com/v1, "
                + "Kind=Broken failed: gadgets of v1 cannot become v2\n");
        assertThat(kubectl.succeed("get", "brokens.v1.conv.example.com", "b", "-o", "jsonpath={.spec.title}")
                .stdout()).isEqualTo("stuck");
    }

    @Test
    void aCrdWhoseCaBundleIsNoCertificateIsNotEstablished(Kubectl kubectl) {
        CrdManifest junk = crd("junks", "Junk", "/convert");
        kubectl.succeed("apply", "-f", kubectl.file("junk.yaml", junk.yaml().replace(WEBHOOK.caBundle(),
                Base64.getEncoder().encodeToString("not a certificate".getBytes(StandardCharsets.US_ASCII)))));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kubectl.succeed("get", "crd",
                junk.name(), "-o", "jsonpath={.status.conditions[?(@.type==\"Established\")]}").stdout())
                .contains("\"reason\":\"InvalidCABundle\"").contains("\"status\":\"False\""));
        assertThat(kubectl.run("get", "junks.conv.example.com").stderr())
                .contains("the server doesn't have a resource type \"junks\"");
    }
}
