package skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static skiff.apiserver.registry.TestCluster.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.status.StatusException;

/** Writes are checked by the ValidatingAdmissionPolicies bound to them, as k/k 1.32 enforces them. */
class ValidatingAdmissionPolicyAdmissionTest {
    private final TestCluster cluster = new TestCluster();
    private final ResourceStorage configMaps = cluster.storage("", "configmaps");
    private final ResourceStorage policies = cluster.storage("admissionregistration.k8s.io",
            "validatingadmissionpolicies");
    private final ResourceStorage bindings = cluster.storage("admissionregistration.k8s.io",
            "validatingadmissionpolicybindings");

    @AfterEach
    void close() {
        cluster.close();
    }

    private void policy(String name, String spec) {
        policies.create(null, json("""
                {"metadata": {"name": "%s"}, "spec": {
                  "matchConstraints": {"resourceRules": [{"operations": ["CREATE", "UPDATE"], "apiGroups": [""],
                      "apiVersions": ["v1"], "resources": ["configmaps"]}]}, %s}}""".formatted(name, spec)),
                WriteOptions.DEFAULT);
    }

    private void binding(String name, String spec) {
        bindings.create(null, json("""
                {"metadata": {"name": "%s"}, "spec": %s}""".formatted(name, spec)), WriteOptions.DEFAULT);
    }

    private void createConfigMap(String name, String data, WriteOptions options) {
        configMaps.create("default", json("""
                {"metadata": {"name": "%s", "labels": {"team": "a"}}, "data": %s}""".formatted(name, data)), options);
    }

    @Test
    void aFailedValidationDeniesWithKubernetesStatus() {
        policy("size", """
                "variables": [{"name": "keys", "expression": "object.data.size()"}],
                "validations": [{"expression": "variables.keys <= 1",
                    "messageExpression": "'at most one key, not ' + string(variables.keys)"},
                  {"expression": "!('forbidden' in object.data)", "reason": "Forbidden"}]""");
        binding("size-binding", """
                {"policyName": "size", "validationActions": ["Deny"]}""");

        createConfigMap("small", "{\"a\": \"1\"}", WriteOptions.DEFAULT);
        assertThatThrownBy(() -> createConfigMap("big", "{\"a\": \"1\", \"b\": \"2\"}", WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.reason()).isEqualTo("Invalid");
                    assertThat(e.getMessage()).isEqualTo("configmaps \"big\" is forbidden: ValidatingAdmissionPolicy "
                            + "'size' with binding 'size-binding' denied request: at most one key, not 2");
                    assertThat(e.status().path("details").path("causes").path(0).path("message").asString()).isEqualTo(
                            "ValidatingAdmissionPolicy 'size' with binding 'size-binding' denied request: at most "
                                    + "one key, not 2");
                });
        assertThatThrownBy(() -> createConfigMap("f", "{\"forbidden\": \"1\"}", WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.getMessage()).endsWith("denied request: failed expression: "
                            + "!('forbidden' in object.data)");
                });
    }

    @Test
    void warnAddsAWarningAndLetsTheRequestThrough() {
        policy("named", """
                "validations": [{"expression": "object.metadata.name.startsWith('app-')",
                    "message": "names start with app-"}]""");
        binding("named-warn", """
                {"policyName": "named", "validationActions": ["Warn", "Audit"]}""");
        List<String> warnings = new ArrayList<>();

        createConfigMap("other", "{}", new WriteOptions(false, null, "kubectl", null, warnings::add));

        assertThat(configMaps.find("default", "other")).isPresent();
        assertThat(warnings).containsExactly("Validation failed for ValidatingAdmissionPolicy 'named' with binding "
                + "'named-warn': names start with app-");
    }

    @Test
    void anAuditBindingsFailuresAndThePolicysAuditAnnotationsGoToTheAuditLog() {
        policy("named", """
                "validations": [{"expression": "true"}, {"expression": "object.metadata.name.startsWith('app-')",
                    "message": "names start with app- & <not> others"}],
                "auditAnnotations": [{"key": "team", "valueExpression": "'team ' + object.metadata.labels.team"},
                  {"key": "skipped", "valueExpression": "null"}]""");
        binding("named-audit", """
                {"policyName": "named", "validationActions": ["Audit", "Warn"]}""");
        binding("named-warn", """
                {"policyName": "named", "validationActions": ["Warn"]}""");
        Map<String, String> annotations = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();

        createConfigMap("other", "{}", new WriteOptions(false, null, "kubectl", null, warnings::add,
                annotations::put));

        assertThat(configMaps.find("default", "other")).isPresent();
        assertThat(warnings).hasSize(2);
        // dispatcher.go: one failure as Go's encoding/json writes it; the value both bindings gave kept once.
        assertThat(annotations).containsExactly(
                Map.entry("validation.policy.admission.k8s.io/validation_failure", "[{\"message\":\"names start "
                        + "with app- \\u0026 \\u003cnot\\u003e others\",\"policy\":\"named\",\"binding\":"
                        + "\"named-audit\",\"expressionIndex\":1,\"validationActions\":[\"Audit\",\"Warn\"]}]"),
                Map.entry("named/team", "team a"));
    }

    @Test
    void aDeleteGetsThePolicysWarningsAndAuditAnnotationsAsAWriteDoes() {
        policies.create(null, json("""
                {"metadata": {"name": "keep"}, "spec": {
                  "matchConstraints": {"resourceRules": [{"operations": ["DELETE"], "apiGroups": [""],
                      "apiVersions": ["v1"], "resources": ["configmaps"]}]},
                  "validations": [{"expression": "!has(oldObject.metadata.labels)",
                    "messageExpression":
                      "'deleting ' + oldObject.metadata.name + ' of team ' + oldObject.metadata.labels.team"}],
                  "auditAnnotations": [{"key": "team", "valueExpression": "string(oldObject.metadata.labels.team)"}]}}"""),
                WriteOptions.DEFAULT);
        binding("keep-warn", """
                {"policyName": "keep", "validationActions": ["Warn"]}""");
        createConfigMap("labelled", "{}", WriteOptions.DEFAULT);
        List<String> warnings = new ArrayList<>();
        Map<String, String> annotations = new LinkedHashMap<>();

        configMaps.delete("default", "labelled", DeleteOptions.DEFAULT.withAdmissionOutput(warnings::add,
                annotations::put));

        assertThat(configMaps.find("default", "labelled")).isEmpty();
        assertThat(warnings).containsExactly("Validation failed for ValidatingAdmissionPolicy 'keep' with binding "
                + "'keep-warn': deleting labelled of team a");
        assertThat(annotations).containsExactly(Map.entry("keep/team", "a"));
    }

    @Test
    void distinctAuditAnnotationValuesOfSeveralParamsAreJoined() {
        configMaps.create("default", json("""
                {"metadata": {"name": "p1", "labels": {"param": "yes"}}, "data": {"owner": "ann"}}"""),
                WriteOptions.DEFAULT);
        configMaps.create("default", json("""
                {"metadata": {"name": "p2", "labels": {"param": "yes"}}, "data": {"owner": "bob"}}"""),
                WriteOptions.DEFAULT);
        policy("owners", """
                "paramKind": {"apiVersion": "v1", "kind": "ConfigMap"},
                "validations": [{"expression": "true"}],
                "auditAnnotations": [{"key": "owner", "valueExpression": "string(params.data.owner)"}]""");
        binding("owners-binding", """
                {"policyName": "owners", "validationActions": ["Deny"],
                 "paramRef": {"selector": {"matchLabels": {"param": "yes"}}, "parameterNotFoundAction": "Deny"}}""");
        Map<String, String> annotations = new LinkedHashMap<>();

        createConfigMap("owned", "{}", new WriteOptions(false, null, "kubectl", null, null, annotations::put));

        assertThat(annotations).containsExactly(Map.entry("owners/owner", "ann, bob"));
    }

    @Test
    void paramsComeFromTheBindingsParamRef() {
        configMaps.create("default", json("""
                {"metadata": {"name": "limits"}, "data": {"max": "2"}}"""), WriteOptions.DEFAULT);
        policy("limited", """
                "paramKind": {"apiVersion": "v1", "kind": "ConfigMap"},
                "matchConditions": [{"name": "not-the-params", "expression": "object.metadata.name != 'limits'"}],
                "validations": [{"expression": "size(object.data) <= int(params.data.max)",
                    "messageExpression": "'at most ' + params.data.max + ' keys'"}]""");
        binding("limited-binding", """
                {"policyName": "limited", "validationActions": ["Deny"],
                 "paramRef": {"name": "limits", "parameterNotFoundAction": "Deny"}}""");

        createConfigMap("two", "{\"a\": \"1\", \"b\": \"2\"}", WriteOptions.DEFAULT);
        assertThatThrownBy(() -> createConfigMap("three", "{\"a\": \"1\", \"b\": \"2\", \"c\": \"3\"}",
                WriteOptions.DEFAULT)).hasMessageEndingWith("denied request: at most 2 keys");

        configMaps.delete("default", "limits", DeleteOptions.DEFAULT);
        assertThatThrownBy(() -> createConfigMap("one", "{\"a\": \"1\"}", WriteOptions.DEFAULT))
                .hasMessageEndingWith("ValidatingAdmissionPolicy 'limited' with binding 'limited-binding' denied "
                        + "request: failed to configure binding: no params found for policy binding with `Deny` "
                        + "parameterNotFoundAction");
    }

    @Test
    void requestAndNamespaceObjectAndSelectorsAreSeen() {
        policy("who", """
                "validations": [{"expression": "request.userInfo.username != 'mallory'",
                    "messageExpression": "request.userInfo.username + ' may not ' + request.operation + ' in ' + namespaceObject.metadata.name"}]""");
        binding("who-binding", """
                {"policyName": "who", "validationActions": ["Deny"],
                 "matchResources": {"objectSelector": {"matchLabels": {"team": "a"}}}}""");

        createConfigMap("fine", "{}", new WriteOptions(false, null, "kubectl", UserInfo.of("alice", List.of())));
        assertThatThrownBy(() -> createConfigMap("bad", "{}",
                new WriteOptions(false, null, "kubectl", UserInfo.of("mallory", List.of()))))
                .hasMessageEndingWith("denied request: mallory may not CREATE in default");
        configMaps.create("default", json("{\"metadata\": {\"name\": \"unlabelled\"}}"),
                new WriteOptions(false, null, "kubectl", UserInfo.of("mallory", List.of())));
    }

    @Test
    void evaluationErrorsFollowTheFailurePolicy() {
        policy("broken", """
                "validations": [{"expression": "object.data.missing == 'x'"}]""");
        binding("broken-binding", """
                {"policyName": "broken", "validationActions": ["Deny"]}""");
        assertThatThrownBy(() -> createConfigMap("x", "{}", WriteOptions.DEFAULT))
                .hasMessageEndingWith("denied request: expression 'object.data.missing == 'x'' resulted in error: "
                        + "no such key: missing");

        policies.delete(null, "broken", DeleteOptions.DEFAULT);
        policy("broken", """
                "failurePolicy": "Ignore",
                "validations": [{"expression": "object.data.missing == 'x'"}]""");
        createConfigMap("y", "{}", WriteOptions.DEFAULT);
        assertThat(configMaps.find("default", "y")).isPresent();
    }

    @Test
    void aSelectorParamRefEvaluatesOncePerSelectedParamAndAllowsWhenThereIsNone() {
        policy("banned", """
                "paramKind": {"apiVersion": "v1", "kind": "ConfigMap"},
                "matchConstraints": {"resourceRules": [{"operations": ["CREATE"], "apiGroups": [""],
                    "apiVersions": ["v1"], "resources": ["secrets"]}]},
                "validations": [{"expression": "object.metadata.name != params.data.banned",
                    "messageExpression": "params.data.banned + ' is banned'"}]""");
        binding("banned-binding", """
                {"policyName": "banned", "validationActions": ["Deny"],
                 "paramRef": {"selector": {"matchLabels": {"kind": "ban"}}, "parameterNotFoundAction": "Allow"}}""");
        ResourceStorage secrets = cluster.storage("", "secrets");

        secrets.create("default", json("{\"metadata\": {\"name\": \"x\"}}"), WriteOptions.DEFAULT);
        for (String banned : List.of("y", "z")) {
            configMaps.create("default", json("""
                    {"metadata": {"name": "ban-%s", "labels": {"kind": "ban"}}, "data": {"banned": "%s"}}"""
                    .formatted(banned, banned)), WriteOptions.DEFAULT);
        }
        secrets.create("default", json("{\"metadata\": {\"name\": \"w\"}}"), WriteOptions.DEFAULT);
        assertThatThrownBy(() -> secrets.create("default", json("{\"metadata\": {\"name\": \"z\"}}"),
                WriteOptions.DEFAULT)).hasMessageEndingWith("denied request: z is banned");
    }

    @Test
    void aNamespacedParamCannotServeAClusterScopedRequestAndPolicyWritesAreExempt() {
        policies.create(null, json("""
                {"metadata": {"name": "nodes"}, "spec": {
                  "paramKind": {"apiVersion": "v1", "kind": "ConfigMap"},
                  "matchConstraints": {"resourceRules": [{"operations": ["*"], "apiGroups": ["*"],
                      "apiVersions": ["*"], "resources": ["*"]}]},
                  "validations": [{"expression": "false"}]}}"""), WriteOptions.DEFAULT);
        binding("nodes-binding", """
                {"policyName": "nodes", "validationActions": ["Deny"],
                 "paramRef": {"name": "p", "parameterNotFoundAction": "Allow"}}""");

        assertThatThrownBy(() -> cluster.storage("", "nodes").create(null,
                json("{\"metadata\": {\"name\": \"n1\"}}"), WriteOptions.DEFAULT))
                .hasMessageEndingWith("ValidatingAdmissionPolicy 'nodes' with binding 'nodes-binding' denied "
                        + "request: failed to configure binding: cannot use namespaced paramRef in policy binding "
                        + "that matches cluster-scoped resources");
        bindings.delete(null, "nodes-binding", DeleteOptions.DEFAULT);
        assertThat(bindings.find(null, "nodes-binding")).isEmpty();
    }

    @Test
    void theAuthorizerChecksWhatTheRequestingUserMayDo() {
        policy("secret-readers", """
                "validations": [{"expression": "authorizer.group('').resource('secrets').namespace(request.namespace).check('get').allowed()",
                    "messageExpression": "request.userInfo.username + ' may not read secrets'"},
                  {"expression": "authorizer.requestResource.check('delete').allowed()",
                    "message": "who cannot delete may not create"},
                  {"expression": "!authorizer.serviceAccount('default', 'default').group('').resource('secrets').check('list').allowed()"}]""");
        binding("secret-readers-binding", """
                {"policyName": "secret-readers", "validationActions": ["Deny"]}""");

        createConfigMap("by-admin", "{}", new WriteOptions(false, null, "kubectl",
                UserInfo.of("admin", List.of("system:masters"))));
        assertThatThrownBy(() -> createConfigMap("by-alice", "{}",
                new WriteOptions(false, null, "kubectl", UserInfo.of("alice", List.of("devs")))))
                .hasMessageEndingWith("denied request: alice may not read secrets");
        assertThatThrownBy(() -> policies.create(null, json("""
                {"metadata": {"name": "no-authorizer-in-messages"}, "spec": {
                  "matchConstraints": {"resourceRules": [{"operations": ["CREATE"], "apiGroups": [""],
                      "apiVersions": ["v1"], "resources": ["pods"]}]},
                  "validations": [{"expression": "true",
                      "messageExpression": "authorizer.path('/healthz').check('get').reason()"}]}}"""),
                WriteOptions.DEFAULT)).hasMessageContaining("spec.validations[0].messageExpression: Invalid value: "
                        + "\"authorizer.path('/healthz').check('get').reason()\": compilation failed: ERROR: "
                        + "<input>:1:1: undeclared reference to 'authorizer'");
    }
}
