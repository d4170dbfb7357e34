package skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static skiff.apiserver.registry.TestCluster.json;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;

/** Webhook configurations are defaulted and validated as k/k pkg/apis/admissionregistration does (1.32). */
class WebhookConfigurationStorageTest {
    private final TestCluster cluster = new TestCluster();
    private final ResourceStorage validating = cluster.storage("admissionregistration.k8s.io",
            "validatingwebhookconfigurations");
    private final ResourceStorage mutating = cluster.storage("admissionregistration.k8s.io",
            "mutatingwebhookconfigurations");

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aMutatingWebhookGetsKubernetesDefaults() {
        JsonNode created = mutating.create(null, json("""
                {"metadata": {"name": "m"}, "webhooks": [{"name": "m.example.com",
                  "clientConfig": {"service": {"namespace": "default", "name": "hooks"}},
                  "rules": [{"operations": ["CREATE"], "apiGroups": [""], "apiVersions": ["v1"],
                             "resources": ["pods"]}],
                  "sideEffects": "None", "admissionReviewVersions": ["v1"]}]}"""), WriteOptions.DEFAULT);

        JsonNode hook = created.path("webhooks").path(0);
        assertThat(hook.path("failurePolicy").asString()).isEqualTo("Fail");
        assertThat(hook.path("matchPolicy").asString()).isEqualTo("Equivalent");
        assertThat(hook.path("timeoutSeconds").asInt()).isEqualTo(10);
        assertThat(hook.path("reinvocationPolicy").asString()).isEqualTo("Never");
        assertThat(hook.path("namespaceSelector").toString()).isEqualTo("{}");
        assertThat(hook.path("objectSelector").toString()).isEqualTo("{}");
        assertThat(hook.path("rules").path(0).path("scope").asString()).isEqualTo("*");
        assertThat(hook.path("clientConfig").path("service").path("port").asInt()).isEqualTo(443);
    }

    @Test
    void badWebhooksAreRefusedWithKubernetesMessages() {
        assertThatThrownBy(() -> validating.create(null, json("""
                {"metadata": {"name": "bad"}, "webhooks": [
                  {"name": "short", "clientConfig": {"url": "http://u:p@example.com/x?a=b#f",
                     "service": null},
                   "rules": [{"operations": ["CREATE", "*"], "apiGroups": [""], "apiVersions": ["v1"],
                              "resources": ["*", "pods"], "scope": "Everywhere"}],
                   "timeoutSeconds": 31, "admissionReviewVersions": ["v2"]},
                  {"name": "a.example.com", "clientConfig": {}, "sideEffects": "Some",
                   "admissionReviewVersions": ["v1"]},
                  {"name": "a.example.com", "clientConfig": {"url": "https://example.com"}, "sideEffects": "None",
                   "admissionReviewVersions": ["v1", "v1"]}]}"""), WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("ValidatingWebhookConfiguration.admissionregistration.k8s.io"
                            + " \"bad\" is invalid: ["
                            + "webhooks[0].name: Invalid value: \"short\": should be a domain with at least three "
                            + "segments separated by dots, "
                            + "webhooks[0].rules[0].operations: Invalid value: [\"CREATE\",\"*\"]: if '*' is "
                            + "present, must not specify other operations, "
                            + "webhooks[0].rules[0].resources: Invalid value: [\"*\",\"pods\"]: if '*' is "
                            + "present, must not specify other resources without subresources, "
                            + "webhooks[0].rules[0].scope: Unsupported value: \"Everywhere\": supported values: "
                            + "\"*\", \"Cluster\", \"Namespaced\", "
                            + "webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun, "
                            + "webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 "
                            + "and 30 seconds, "
                            + "webhooks[0].clientConfig.url: Invalid value: \"http\": 'https' is the only allowed "
                            + "URL scheme; desired format: https://host[/path], "
                            + "webhooks[0].clientConfig.url: Invalid value: \"u:p\": user information is not "
                            + "permitted in the URL, "
                            + "webhooks[0].clientConfig.url: Invalid value: \"f\": fragments are not permitted in "
                            + "the URL, "
                            + "webhooks[0].clientConfig.url: Invalid value: \"a=b\": query parameters are not "
                            + "permitted in the URL, "
                            + "webhooks[0].admissionReviewVersions: Invalid value: [\"v2\"]: must include at "
                            + "least one of v1, v1beta1, "
                            + "webhooks[1].sideEffects: Unsupported value: \"Some\": supported values: \"None\", "
                            + "\"NoneOnDryRun\", "
                            + "webhooks[1].clientConfig: Required value: exactly one of url or service is required, "
                            + "webhooks[2].admissionReviewVersions[1]: Invalid value: \"v1\": duplicate version, "
                            + "webhooks[2].name: Duplicate value: \"a.example.com\"]");
                });
    }

    @Test
    void matchConditionsMustBeNamedUniquelyAndCompileToBool() {
        assertThatThrownBy(() -> validating.create(null, json("""
                {"metadata": {"name": "conditions"}, "webhooks": [{"name": "c.example.com",
                  "clientConfig": {"url": "https://example.com"}, "sideEffects": "None",
                  "admissionReviewVersions": ["v1"],
                  "matchConditions": [{"name": "a", "expression": "object.metadata.name"},
                    {"name": "a", "expression": "params.x"}, {"name": "", "expression": " "}]}]}"""),
                WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "ValidatingWebhookConfiguration.admissionregistration.k8s.io \"conditions\" is invalid: ["
                                + "webhooks[0].matchConditions[0].expression: Invalid value: "
                                + "\"object.metadata.name\": must evaluate to bool but got dyn, "
                                + "webhooks[0].matchConditions[1].expression: Invalid value: \"params.x\": "
                                + "compilation failed: ERROR: <input>:1:1: undeclared reference to 'params' (in "
                                + "container '')\n | params.x\n | ^, "
                                + "webhooks[0].matchConditions[1].name: Duplicate value: \"a\", "
                                + "webhooks[0].matchConditions[2].expression: Required value, "
                                + "webhooks[0].matchConditions[2].name: Required value]"));
    }
}
