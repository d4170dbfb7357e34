package skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static skiff.apiserver.registry.TestCluster.json;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;

/** Admission policies and bindings are defaulted and validated as k/k pkg/apis/admissionregistration does (1.32). */
class ValidatingAdmissionPolicyStorageTest {
    private final TestCluster cluster = new TestCluster();
    private final ResourceStorage policies = cluster.storage("admissionregistration.k8s.io",
            "validatingadmissionpolicies");
    private final ResourceStorage bindings = cluster.storage("admissionregistration.k8s.io",
            "validatingadmissionpolicybindings");

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aPolicyGetsKubernetesDefaultsAndNoStatus() {
        JsonNode created = policies.create(null, json("""
                {"metadata": {"name": "replicas"}, "spec": {
                  "matchConstraints": {"resourceRules": [{"operations": ["CREATE"], "apiGroups": ["apps"],
                      "apiVersions": ["v1"], "resources": ["deployments"]}]},
                  "variables": [{"name": "replicas", "expression": "object.spec.replicas"}],
                  "validations": [{"expression": "variables.replicas <= 5",
                      "messageExpression": "'too many: ' + string(variables.replicas)"}]},
                 "status": {"observedGeneration": 7}}"""), WriteOptions.DEFAULT);

        JsonNode spec = created.path("spec");
        assertThat(spec.path("failurePolicy").asString()).isEqualTo("Fail");
        assertThat(spec.path("matchConstraints").path("matchPolicy").asString()).isEqualTo("Equivalent");
        assertThat(spec.path("matchConstraints").path("namespaceSelector").toString()).isEqualTo("{}");
        assertThat(spec.path("matchConstraints").path("objectSelector").toString()).isEqualTo("{}");
        assertThat(spec.path("matchConstraints").path("resourceRules").path(0).path("scope").asString())
                .isEqualTo("*");
        assertThat(created.has("status")).isFalse();
        assertThat(created.path("metadata").path("generation").asLong()).isEqualTo(1);
    }

    @Test
    void badPoliciesAreRefusedWithKubernetesFieldPaths() {
        assertThatThrownBy(() -> policies.create(null, json("""
                {"metadata": {"name": "bad"}, "spec": {"failurePolicy": "Sometimes",
                  "paramKind": {"apiVersion": "v1"},
                  "matchConstraints": {"matchPolicy": "Loose", "resourceRules": [{"operations": ["CREATE"],
                      "apiGroups": [""], "apiVersions": ["v1"], "resources": ["pods"], "resourceNames": ["a/b"]}]},
                  "matchConditions": [{"name": "c", "expression": "object.x"}, {"name": "c", "expression": "true"}],
                  "variables": [{"name": "in", "expression": "1 +"}],
                  "validations": [{"expression": "1", "reason": "Teapot"},
                      {"expression": "params.x == 1", "messageExpression": "2"}],
                  "auditAnnotations": [{"key": "k", "valueExpression": "3"}]}}"""), WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).startsWith("ValidatingAdmissionPolicy.admissionregistration.k8s.io"
                            + " \"bad\" is invalid: [");
                    assertThat(e.getMessage()).contains(
                            "spec.failurePolicy: Unsupported value: \"Sometimes\": supported values: \"Fail\", "
                                    + "\"Ignore\"",
                            "spec.paramKind.kind: Required value",
                            "spec.matchConstraints.matchPolicy: Unsupported value: \"Loose\": supported values: "
                                    + "\"Equivalent\", \"Exact\"",
                            "spec.matchConstraints.resourceRules[0].resourceNames[0]: Invalid value: \"a/b\": may "
                                    + "not contain '/'",
                            "spec.matchConditions[0].expression: Invalid value: \"object.x\": must evaluate to "
                                    + "bool but got dyn",
                            "spec.matchConditions[1].name: Duplicate value: \"c\"",
                            "spec.variables[0].name: Invalid value: \"in\": name is not a valid CEL identifier",
                            "spec.variables[0].expression: Invalid value: \"1 +\": compilation failed: ERROR: "
                                    + "<input>:1:4: mismatched input",
                            "spec.validations[0].expression: Invalid value: \"1\": must evaluate to bool but got "
                                    + "int",
                            "spec.validations[0].reason: Unsupported value: \"Teapot\": supported values: "
                                    + "\"Forbidden\", \"Invalid\", \"RequestEntityTooLarge\", \"Unauthorized\"",
                            "spec.validations[1].messageExpression: Invalid value: \"2\": must evaluate to string "
                                    + "but got int",
                            "spec.auditAnnotations[0].valueExpression: Invalid value: \"3\": must evaluate to one "
                                    + "of [string null_type] but got int");
                });
    }

    @Test
    void paramsAreUndeclaredWithoutAParamKind() {
        assertThatThrownBy(() -> policies.create(null, json("""
                {"metadata": {"name": "noparams"}, "spec": {
                  "matchConstraints": {"resourceRules": [{"operations": ["CREATE"], "apiGroups": [""],
                      "apiVersions": ["v1"], "resources": ["pods"]}]},
                  "validations": [{"expression": "params.x == 1"}]}}"""), WriteOptions.DEFAULT))
                .hasMessageContaining("spec.validations[0].expression: Invalid value: \"params.x == 1\": "
                        + "compilation failed: ERROR: <input>:1:1: undeclared reference to 'params'");
    }

    @Test
    void badBindingsAreRefusedWithKubernetesFieldPaths() {
        assertThatThrownBy(() -> bindings.create(null, json("""
                {"metadata": {"name": "b"}, "spec": {"policyName": "Bad_Name",
                  "paramRef": {"name": "x", "selector": {}},
                  "matchResources": {"matchPolicy": "Loose"},
                  "validationActions": ["Deny", "Warn", "Deny", "Shout"]}}"""), WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io \"b\" is invalid: ["
                                + "spec.policyName: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain "
                                + "must consist of lower case alphanumeric characters, '-' or '.', and must start "
                                + "and end with an alphanumeric character (e.g. 'example.com', regex used for "
                                + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'),"
                                + " spec.paramRef.name: Forbidden: name and selector are mutually exclusive, "
                                + "spec.paramRef.selector: Forbidden: name and selector are mutually exclusive, "
                                + "spec.paramRef.parameterNotFoundAction: Required value, "
                                + "spec.matchResouces.matchPolicy: Unsupported value: \"Loose\": supported values: "
                                + "\"Equivalent\", \"Exact\", "
                                + "spec.validationActions[2]: Duplicate value: \"Deny\", "
                                + "spec.validationActions[3]: Unsupported value: \"Shout\": supported values: "
                                + "\"Audit\", \"Deny\", \"Warn\", "
                                + "spec.validationActions: Invalid value: [\"Deny\",\"Warn\",\"Deny\",\"Shout\"]: "
                                + "must not contain both Deny and Warn (repeating the same validation failure "
                                + "information in the API response and headers serves no purpose)]"));
    }
}
