package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ValidatingAdmissionPolicies through kubectl (k/k 1.32 apiserver pkg/admission/plugin/policy/validating): a policy
 * bound with a ConfigMap as its params refuses a ConfigMap with the policy's message, a Warn binding lets the write
 * (and the delete) through with a warning, and a policy whose expressions do not compile is refused with their field paths.
 */
class ValidatingAdmissionPolicyKubectlTest {
    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    @Test
    void aPolicyWithConfigMapParamsRefusesAConfigMapAndKubectlPrintsItsMessage(Kubectl kubectl) {
        kubectl.succeed("apply", "-f", kubectl.file("max-keys.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: key-limits, namespace: default}
                data: {maxKeys: "2"}
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: max-keys}
                spec:
                  failurePolicy: Fail
                  paramKind: {apiVersion: v1, kind: ConfigMap}
                  matchConstraints:
                    resourceRules:
                    - {operations: [CREATE, UPDATE], apiGroups: [""], apiVersions: [v1], resources: [configmaps]}
                    objectSelector: {matchLabels: {limited: "yes"}}
                  variables:
                  - {name: keys, expression: "has(object.data) ? size(object.data) : 0"}
                  validations:
                  - expression: variables.keys <= int(params.data.maxKeys)
                    messageExpression: "'at most ' + params.data.maxKeys + ' keys, not ' + string(variables.keys)"
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: max-keys-default}
                spec:
                  policyName: max-keys
                  validationActions: [Deny]
                  paramRef: {name: key-limits, namespace: default, parameterNotFoundAction: Deny}
                """));

        KubectlResult refused = kubectl.run("apply", "-f", kubectl.file("big.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: big, labels: {limited: "yes"}}
                data: {a: "1", b: "2", c: "3"}
                """));
        kubectl.succeed("create", "configmap", "unlimited", "--from-literal=a=1", "--from-literal=b=2",
                "--from-literal=c=3");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).isEqualTo("The configmaps \"big\" is invalid: : ValidatingAdmissionPolicy "
                + "'max-keys' with binding 'max-keys-default' denied request: at most 2 keys, not 3\n");
        assertThat(kubectl.run("get", "configmap", "big").stderr()).contains("not found");
        assertThat(kubectl.succeed("get", "validatingadmissionpolicies").stdout())
                .containsPattern("NAME\\s+VALIDATIONS\\s+PARAMKIND\\s+AGE\\n")
                .containsPattern("max-keys\\s+1\\s+v1/ConfigMap\\s+\\S+\\n");
        assertThat(kubectl.succeed("get", "validatingadmissionpolicybindings").stdout())
                .containsPattern("NAME\\s+POLICYNAME\\s+PARAMREF\\s+AGE\\n")
                .containsPattern("max-keys-default\\s+max-keys\\s+default/key-limits\\s+\\S+\\n");
    }

    @Test
    void aWarnBindingLetsTheWriteThroughAndKubectlPrintsTheWarning(Kubectl kubectl) {
        kubectl.succeed("apply", "-f", kubectl.file("naming.yaml", """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: naming}
                spec:
                  matchConstraints:
                    resourceRules:
                    - {operations: [CREATE, DELETE], apiGroups: [""], apiVersions: [v1], resources: [secrets]}
                  validations:
                  - expression: "(object == null ? oldObject : object).metadata.name.startsWith('app-')"
                    message: secret names start with app-
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: naming-warn}
                spec:
                  policyName: naming
                  validationActions: [Warn]
                """));

        KubectlResult created = kubectl.succeed("create", "secret", "generic", "db-password",
                "--from-literal=p=x");

        assertThat(created.stderr()).isEqualTo("Warning: Validation failed for ValidatingAdmissionPolicy 'naming' "
                + "with binding 'naming-warn': secret names start with app-\n");
        assertThat(created.stdout()).isEqualTo("secret/db-password created\n");
        // A delete is admitted as a write is, its warnings included (k/k 1.32 endpoints/handlers/delete.go).
        KubectlResult deleted = kubectl.succeed("delete", "secret", "db-password");
        assertThat(deleted.stderr()).isEqualTo(created.stderr());
        assertThat(deleted.stdout()).isEqualTo("secret \"db-password\" deleted\n");
    }

    @Test
    void aPolicyThatDoesNotCompileIsRefusedWithItsFieldPaths(Kubectl kubectl) {
        KubectlResult refused = kubectl.run("apply", "-f", kubectl.file("bad-policy.yaml", """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: bad}
                spec:
                  matchConstraints:
                    resourceRules:
                    - {operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}
                  validations:
                  - expression: object.spec.containers.size()
                  - expression: params.allowed
                """));

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).startsWith("The ValidatingAdmissionPolicy \"bad\" is invalid: \n"
                + "* spec.validations[0].expression: Invalid value: \"object.spec.containers.size()\": must evaluate "
                + "to bool but got int\n"
                + "* spec.validations[1].expression: Invalid value: \"params.allowed\": compilation failed: ERROR: "
                + "<input>:1:1: undeclared reference to 'params' (in container '')");
    }
}
