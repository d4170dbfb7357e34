package skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static skiff.apiserver.registry.TestCluster.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.status.StatusException;
import skiff.apiserver.testing.TestWebhookServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes go through the admission webhooks that Mutating- and ValidatingWebhookConfigurations register, called over
 * HTTPS as Kubernetes calls them.
 */
class WebhookAdmissionTest {
    private final TestCluster cluster = new TestCluster();
    private final TestWebhookServer webhooks = new TestWebhookServer();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ResourceStorage configMaps = cluster.storage("", "configmaps");
    private final ResourceStorage validating = cluster.storage("admissionregistration.k8s.io",
            "validatingwebhookconfigurations");
    private final ResourceStorage mutating = cluster.storage("admissionregistration.k8s.io",
            "mutatingwebhookconfigurations");

    @AfterEach
    void close() {
        release.countDown();
        webhooks.close();
        cluster.close();
    }

    private ObjectNode configuration(String name, String hookName, String clientConfig, String extra) {
        return json("""
                {"metadata": {"name": "%s"}, "webhooks": [{"name": "%s", "clientConfig": %s,
                  "rules": [{"operations": ["CREATE"], "apiGroups": [""], "apiVersions": ["v1"],
                             "resources": ["configmaps"]}],
                  "sideEffects": "None", "admissionReviewVersions": ["v1"] %s}]}"""
                .formatted(name, hookName, clientConfig, extra));
    }

    private String urlConfig(String path) {
        return "{\"url\": \"%s\", \"caBundle\": \"%s\"}".formatted(webhooks.url(path), webhooks.caBundle());
    }

    private static WriteOptions asAlice() {
        return new WriteOptions(false, null, "kubectl", UserInfo.of("alice", List.of("devs")));
    }

    @Test
    void aValidatingWebhookRefusesWhatItsObjectSelectorPicksWithItsMessage() {
        webhooks.handle("/deny", request -> TestWebhookServer.deny(403, "the label refuse is not welcome"));
        validating.create(null, configuration("refuse", "refuse.example.com", urlConfig("/deny"),
                ", \"objectSelector\": {\"matchLabels\": {\"refuse\": \"yes\"}}"), WriteOptions.DEFAULT);

        configMaps.create("default", json("{\"metadata\": {\"name\": \"fine\"}}"), WriteOptions.DEFAULT);
        assertThatThrownBy(() -> configMaps.create("default",
                json("{\"metadata\": {\"name\": \"bad\", \"labels\": {\"refuse\": \"yes\"}}}"), asAlice()))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("admission webhook \"refuse.example.com\" denied the "
                            + "request: the label refuse is not welcome");
                });

        JsonNode request = webhooks.reviews("/deny").get(0).path("request");
        assertThat(webhooks.reviews("/deny")).hasSize(1);
        assertThat(request.path("kind").toString()).isEqualTo("{\"group\":\"\",\"version\":\"v1\",\"kind\":\"ConfigMap\"}");
        assertThat(request.path("resource").path("resource").asString()).isEqualTo("configmaps");
        assertThat(request.path("operation").asString()).isEqualTo("CREATE");
        assertThat(request.path("namespace").asString()).isEqualTo("default");
        assertThat(request.path("name").asString()).isEqualTo("bad");
        assertThat(request.path("userInfo").path("username").asString()).isEqualTo("alice");
        assertThat(request.path("object").path("metadata").path("labels").path("refuse").asString()).isEqualTo("yes");
        assertThat(request.path("options").path("kind").asString()).isEqualTo("CreateOptions");
        assertThat(configMaps.find("default", "bad")).isEmpty();
    }

    @Test
    void matchConditionsDecideWhetherTheWebhookIsCalled() {
        webhooks.handle("/deny", request -> TestWebhookServer.deny(403, "no"));
        validating.create(null, configuration("conditional", "conditional.example.com", urlConfig("/deny"),
                ", \"matchConditions\": [{\"name\": \"exclude-system\", "
                        + "\"expression\": \"!object.metadata.name.startsWith('system-')\"}, "
                        + "{\"name\": \"by-alice\", \"expression\": \"request.userInfo.username == 'alice'\"}]"),
                WriteOptions.DEFAULT);

        configMaps.create("default", json("{\"metadata\": {\"name\": \"system-x\"}}"), asAlice());
        configMaps.create("default", json("{\"metadata\": {\"name\": \"by-server\"}}"), WriteOptions.DEFAULT);
        assertThatThrownBy(() -> configMaps.create("default", json("{\"metadata\": {\"name\": \"by-alice\"}}"),
                asAlice())).hasMessage("admission webhook \"conditional.example.com\" denied the request: no");
        assertThat(webhooks.reviews("/deny")).hasSize(1);
    }

    @Test
    void matchConditionsThatFailRefuseTheRequestUnderFailurePolicyFail() {
        webhooks.handle("/allow", request -> TestWebhookServer.allow());
        validating.create(null, configuration("erring", "erring.example.com", urlConfig("/allow"),
                ", \"matchConditions\": [{\"name\": \"labelled\", "
                        + "\"expression\": \"object.metadata.labels.tier == 'web'\"}]"), WriteOptions.DEFAULT);

        assertThatThrownBy(() -> configMaps.create("default", json("{\"metadata\": {\"name\": \"plain\"}}"),
                WriteOptions.DEFAULT)).isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("configmaps \"plain\" is forbidden: expression "
                            + "'object.metadata.labels.tier == 'web'' resulted in error: no such key: labels");
                });
        assertThat(webhooks.reviews("/allow")).isEmpty();
    }

    @Test
    void aMutatingWebhookPatchesTheObjectBeforeValidatingWebhooksSeeIt() {
        webhooks.handle("/label", request -> TestWebhookServer.patch(
                "[{\"op\": \"add\", \"path\": \"/metadata/labels\", \"value\": {\"stamped\": \"true\"}}]"));
        webhooks.handle("/allow", request -> TestWebhookServer.allow());
        mutating.create(null, configuration("stamp", "stamp.example.com", urlConfig("/label"), ""),
                WriteOptions.DEFAULT);
        validating.create(null, configuration("watch", "watch.example.com", urlConfig("/allow"), ""),
                WriteOptions.DEFAULT);

        ObjectNode created = configMaps.create("default", json("{\"metadata\": {\"name\": \"plain\"}}"),
                WriteOptions.DEFAULT);

        assertThat(created.path("metadata").path("labels").path("stamped").asString()).isEqualTo("true");
        assertThat(configMaps.find("default", "plain").orElseThrow().path("metadata").path("labels")
                .path("stamped").asString()).isEqualTo("true");
        assertThat(webhooks.reviews("/allow").get(0).path("request").path("object").path("metadata")
                .path("labels").path("stamped").asString()).isEqualTo("true");
    }

    @Test
    void anUnreachableWebhookFailsTheRequestUnlessItsFailuresAreIgnored() {
        String unreachable = "{\"url\": \"https://127.0.0.1:1/nothing\"}";
        validating.create(null, configuration("lenient", "lenient.example.com", unreachable,
                ", \"failurePolicy\": \"Ignore\""), WriteOptions.DEFAULT);
        configMaps.create("default", json("{\"metadata\": {\"name\": \"through\"}}"), WriteOptions.DEFAULT);
        validating.create(null, configuration("strict", "strict.example.com", unreachable, ""),
                WriteOptions.DEFAULT);

        assertThatThrownBy(() -> configMaps.create("default", json("{\"metadata\": {\"name\": \"stopped\"}}"),
                WriteOptions.DEFAULT)).isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(500);
                    assertThat(e.reason()).isEqualTo("InternalError");
                    assertThat(e.getMessage()).isEqualTo("Internal error occurred: failed calling webhook "
                            + "\"strict.example.com\": failed to call webhook: Post "
                            + "\"https://127.0.0.1:1/nothing?timeout=10s\": dial tcp 127.0.0.1:1: connect: "
                            + "connection refused");
                });
    }

    @Test
    void aWebhookThatDoesNotAnswerInItsTimeoutFailsTheRequest() {
        webhooks.handle("/slow", request -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TestWebhookServer.allow();
        });
        validating.create(null, configuration("slow", "slow.example.com", urlConfig("/slow"),
                ", \"timeoutSeconds\": 1"), WriteOptions.DEFAULT);

        assertThatThrownBy(() -> configMaps.create("default", json("{\"metadata\": {\"name\": \"late\"}}"),
                WriteOptions.DEFAULT)).isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(500);
                    assertThat(e.getMessage()).isEqualTo("Internal error occurred: failed calling webhook "
                            + "\"slow.example.com\": failed to call webhook: Post \"" + webhooks.url("/slow")
                            + "?timeout=1s\": context deadline exceeded");
                });
    }

    @Test
    void aCertificateFromAnotherAuthorityIsNotTrusted() {
        webhooks.handle("/allow", request -> TestWebhookServer.allow());
        try (TestWebhookServer other = new TestWebhookServer()) {
            String config = "{\"url\": \"%s\", \"caBundle\": \"%s\"}".formatted(webhooks.url("/allow"),
                    other.caBundle());
            validating.create(null, configuration("foreign", "foreign.example.com", config, ""),
                    WriteOptions.DEFAULT);
        }

        assertThatThrownBy(() -> configMaps.create("default", json("{\"metadata\": {\"name\": \"x\"}}"),
                WriteOptions.DEFAULT)).isInstanceOfSatisfying(StatusException.class, e -> assertThat(
                        e.getMessage()).endsWith("tls: failed to verify certificate: x509: certificate signed by "
                                + "unknown authority"));
        assertThat(webhooks.reviews("/allow")).isEmpty();
    }

    @Test
    void theNamespaceSelectorPicksObjectsByTheirNamespaceLabels() {
        webhooks.handle("/deny", request -> TestWebhookServer.deny(400, "not in production"));
        cluster.registries.namespaces().create(null,
                json("{\"metadata\": {\"name\": \"prod\", \"labels\": {\"env\": \"prod\"}}}"), WriteOptions.DEFAULT);
        validating.create(null, configuration("prod", "prod.example.com", urlConfig("/deny"),
                ", \"namespaceSelector\": {\"matchExpressions\": [{\"key\": \"env\", \"operator\": \"In\", "
                        + "\"values\": [\"prod\"]}]}"), WriteOptions.DEFAULT);

        configMaps.create("default", json("{\"metadata\": {\"name\": \"dev\"}}"), WriteOptions.DEFAULT);
        assertThatThrownBy(() -> configMaps.create("prod", json("{\"metadata\": {\"name\": \"p\"}}"),
                WriteOptions.DEFAULT)).hasMessage("admission webhook \"prod.example.com\" denied the request: "
                        + "not in production");
    }

    @Test
    void rulesMatchOperationsAndSubresources() {
        webhooks.handle("/deny", request -> TestWebhookServer.deny(0, ""));
        validating.create(null, json("""
                {"metadata": {"name": "status-only"}, "webhooks": [{"name": "status.example.com",
                  "clientConfig": %s, "sideEffects": "None", "admissionReviewVersions": ["v1"],
                  "rules": [{"operations": ["UPDATE"], "apiGroups": ["*"], "apiVersions": ["*"],
                             "resources": ["pods/status"], "scope": "Namespaced"}]}]}"""
                .formatted(urlConfig("/deny"))), WriteOptions.DEFAULT);
        ResourceStorage pods = cluster.storage("", "pods");
        ObjectNode pod = pods.create("default", json("""
                {"metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "image": "busybox"}]}}"""),
                WriteOptions.DEFAULT);
        pod.withObject("metadata").withObject("labels").put("touched", "yes");
        pods.update("default", "p", pod, WriteOptions.DEFAULT);

        ObjectNode status = pods.find("default", "p").orElseThrow();
        status.withObject("status").put("phase", "Running");
        assertThatThrownBy(() -> pods.update("default", "p", status, ObjectPart.STATUS, WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("admission webhook \"status.example.com\" denied the "
                            + "request without explanation");
                });
    }

    @Test
    void webhookConfigurationsThemselvesNeverGoToWebhooks() {
        webhooks.handle("/deny", request -> TestWebhookServer.deny(403, "nothing passes"));
        validating.create(null, json("""
                {"metadata": {"name": "everything"}, "webhooks": [{"name": "all.example.com",
                  "clientConfig": %s, "sideEffects": "None", "admissionReviewVersions": ["v1"],
                  "rules": [{"operations": ["*"], "apiGroups": ["*"], "apiVersions": ["*"], "resources": ["*/*"]}]}]}"""
                .formatted(urlConfig("/deny"))), WriteOptions.DEFAULT);

        assertThatThrownBy(() -> configMaps.create("default", json("{\"metadata\": {\"name\": \"c\"}}"),
                WriteOptions.DEFAULT)).hasMessageContaining("nothing passes");
        cluster.registries.delete(validating.definition(), null, "everything", DeleteOptions.DEFAULT);
        configMaps.create("default", json("{\"metadata\": {\"name\": \"c\"}}"), WriteOptions.DEFAULT);
        assertThat(webhooks.reviews("/deny")).hasSize(1);
    }

    @Test
    void aServiceClientConfigReachesTheWebhookThroughTheServiceEndpointsByItsServiceName() {
        try (TestWebhookServer inCluster = new TestWebhookServer(Set.of("hooks.default.svc"))) {
            inCluster.handle("/check", request -> TestWebhookServer.deny(422, "seen through the service"));
            webhooks.handle("/check", request -> TestWebhookServer.allow());
            exposeAsService("hooks", inCluster.port());
            exposeAsService("wrong-name", webhooks.port());
            validating.create(null, configuration("by-service", "svc.example.com", """
                    {"service": {"namespace": "default", "name": "hooks", "path": "/check"}, "caBundle": "%s"}"""
                    .formatted(inCluster.caBundle()), ", \"failurePolicy\": \"Fail\""), WriteOptions.DEFAULT);

            assertThatThrownBy(() -> configMaps.create("default", json("{\"metadata\": {\"name\": \"s\"}}"),
                    WriteOptions.DEFAULT)).isInstanceOfSatisfying(StatusException.class, e -> {
                        assertThat(e.code()).isEqualTo(422);
                        assertThat(e.getMessage()).isEqualTo("admission webhook \"svc.example.com\" denied the "
                                + "request: seen through the service");
                    });

            cluster.registries.delete(validating.definition(), null, "by-service", DeleteOptions.DEFAULT);
            validating.create(null, configuration("misnamed", "misnamed.example.com", """
                    {"service": {"namespace": "default", "name": "wrong-name", "path": "/check"}, "caBundle": "%s"}"""
                    .formatted(webhooks.caBundle()), ""), WriteOptions.DEFAULT);
            assertThatThrownBy(() -> configMaps.create("default", json("{\"metadata\": {\"name\": \"s\"}}"),
                    WriteOptions.DEFAULT)).hasMessageStartingWith("Internal error occurred: failed calling webhook "
                            + "\"misnamed.example.com\": failed to call webhook: Post "
                            + "\"https://wrong-name.default.svc:443/check?timeout=10s\": tls: failed to verify "
                            + "certificate: x509: certificate is valid for ")
                    .hasMessageEndingWith(", not wrong-name.default.svc");
            assertThat(webhooks.reviews("/check")).isEmpty();
        }
    }

    private void exposeAsService(String name, int port) {
        cluster.storage("", "services").create("default", json("""
                {"metadata": {"name": "%s"}, "spec": {"ports": [{"name": "https", "port": 443, "targetPort": %d}]}}"""
                .formatted(name, port)), WriteOptions.DEFAULT);
        cluster.storage("", "endpoints").create("default", json("""
                {"metadata": {"name": "%s"}, "subsets": [{"addresses": [{"ip": "127.0.0.1"}],
                  "ports": [{"name": "https", "port": %d}]}]}""".formatted(name, port)), WriteOptions.DEFAULT);
    }

    @Test
    void warningsOfAllowingWebhooksReachTheClientAndTheirAuditAnnotationsTheAuditLog() {
        webhooks.handle("/warn", request -> {
            ObjectNode response = TestWebhookServer.warn(TestWebhookServer.allow(), "mind the label", "and the data");
            response.putObject("auditAnnotations").put("checked", "labels");
            return response;
        });
        validating.create(null, configuration("warn", "warn.example.com", urlConfig("/warn"), ""),
                WriteOptions.DEFAULT);
        List<String> warnings = new ArrayList<>();
        Map<String, String> annotations = new LinkedHashMap<>();

        configMaps.create("default", json("{\"metadata\": {\"name\": \"w\"}}"),
                new WriteOptions(false, null, "kubectl", null, warnings::add, annotations::put));

        assertThat(warnings).containsExactly("mind the label", "and the data");
        assertThat(annotations).containsExactly(Map.entry("warn.example.com/checked", "labels"));
    }

    @Test
    void aDeleteGetsTheWebhooksWarningsAndAuditAnnotationsAsAWriteDoes() {
        webhooks.handle("/warn-delete", request -> {
            ObjectNode response = TestWebhookServer.warn(TestWebhookServer.allow(), "deleting "
                    + request.path("oldObject").path("metadata").path("name").asString());
            response.putObject("auditAnnotations").put("deleted", "yes");
            return response;
        });
        validating.create(null, json(configuration("warn-delete", "delete.example.com", urlConfig("/warn-delete"),
                "").toString().replace("\"CREATE\"", "\"DELETE\"")), WriteOptions.DEFAULT);
        configMaps.create("default", json("{\"metadata\": {\"name\": \"d\"}}"), WriteOptions.DEFAULT);
        List<String> warnings = new ArrayList<>();
        Map<String, String> annotations = new LinkedHashMap<>();

        configMaps.delete("default", "d", DeleteOptions.DEFAULT.withAdmissionOutput(warnings::add, annotations::put));

        assertThat(configMaps.find("default", "d")).isEmpty();
        assertThat(warnings).containsExactly("deleting d");
        assertThat(annotations).containsExactly(Map.entry("delete.example.com/deleted", "yes"));
    }

    @Test
    void anIfNeededWebhookIsCalledAgainWhenALaterWebhookChangesTheObject() {
        webhooks.handle("/observe", request -> TestWebhookServer.allow());
        webhooks.handle("/label", request -> TestWebhookServer.patch(
                "[{\"op\": \"add\", \"path\": \"/metadata/labels\", \"value\": {\"late\": \"yes\"}}]"));
        mutating.create(null, configuration("a-observe", "observe.example.com", urlConfig("/observe"),
                ", \"reinvocationPolicy\": \"IfNeeded\""), WriteOptions.DEFAULT);
        mutating.create(null, configuration("b-label", "label.example.com", urlConfig("/label"), ""),
                WriteOptions.DEFAULT);

        configMaps.create("default", json("{\"metadata\": {\"name\": \"r\"}}"), WriteOptions.DEFAULT);

        List<JsonNode> observed = webhooks.reviews("/observe");
        assertThat(observed).hasSize(2);
        assertThat(observed.get(0).path("request").path("object").path("metadata").has("labels")).isFalse();
        assertThat(observed.get(1).path("request").path("object").path("metadata").path("labels").path("late")
                .asString()).isEqualTo("yes");
        assertThat(webhooks.reviews("/label")).hasSize(1);
    }

    @Test
    void aDryRunReachesWebhooksWithoutSideEffectsAsADryRun() {
        webhooks.handle("/allow", request -> TestWebhookServer.allow());
        validating.create(null, configuration("dry", "dry.example.com", urlConfig("/allow"), ""),
                WriteOptions.DEFAULT);

        configMaps.create("default", json("{\"metadata\": {\"name\": \"d\"}}"), new WriteOptions(true, null));

        JsonNode request = webhooks.reviews("/allow").get(0).path("request");
        assertThat(request.path("dryRun").asBoolean()).isTrue();
        assertThat(request.path("options").path("dryRun").toString()).isEqualTo("[\"All\"]");
        assertThat(configMaps.find("default", "d")).isEmpty();
    }
}
