package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.apiserver.testing.TestWebhookServer;

/**
 * Admission webhooks through kubectl: Validating- and MutatingWebhookConfigurations registering an HTTPS webhook on
 * loopback, which refuses or changes what kubectl writes (k/k apiserver pkg/admission/plugin/webhook, 1.32).
 */
class WebhookKubectlTest {
    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    private static final TestWebhookServer WEBHOOKS = new TestWebhookServer()
            .handle("/refuse", request -> TestWebhookServer.deny(403, "configmaps labelled refuse=yes are not "
                    + "welcome"))
            .handle("/stamp", request -> TestWebhookServer.patch(
                    "[{\"op\": \"add\", \"path\": \"/metadata/labels/stamped-by\", \"value\": \"webhook\"}]"));

    @AfterAll
    static void stopWebhooks() {
        WEBHOOKS.close();
    }

    @Test
    void aValidatingWebhookRefusesALabelledConfigMapAndKubectlPrintsItsMessage(Kubectl kubectl) {
        kubectl.succeed("apply", "-f", kubectl.file("refuse.yaml", """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata: {name: refuse-labelled}
                webhooks:
                - name: refuse.skiff.example.com
                  clientConfig: {url: "%s", caBundle: %s}
                  rules:
                  - {operations: [CREATE, UPDATE], apiGroups: [""], apiVersions: [v1], resources: [configmaps]}
                  objectSelector: {matchLabels: {refuse: "yes"}}
                  sideEffects: None
                  admissionReviewVersions: [v1]
                """.formatted(WEBHOOKS.url("/refuse"), WEBHOOKS.caBundle())));

        KubectlResult refused = kubectl.run("apply", "-f", kubectl.file("cm.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: refused, labels: {refuse: "yes"}}
                data: {a: b}
                """));
        kubectl.succeed("create", "configmap", "welcome", "--from-literal=a=b");

        assertThat(refused.stderr()).contains("Error from server: error when creating \"")
                .contains("admission webhook \"refuse.skiff.example.com\" denied the request: configmaps labelled "
                        + "refuse=yes are not welcome");
        assertThat(kubectl.run("get", "configmap", "refused").stderr()).contains("not found");
        assertThat(kubectl.succeed("get", "validatingwebhookconfigurations").stdout())
                .containsPattern("NAME\\s+WEBHOOKS\\s+AGE\\n").containsPattern("refuse-labelled\\s+1\\s+\\S+\\n");
        kubectl.succeed("delete", "validatingwebhookconfiguration", "refuse-labelled");
    }

    @Test
    void aMutatingWebhookLabelsAPod(Kubectl kubectl) {
        kubectl.succeed("apply", "-f", kubectl.file("stamp.yaml", """
                apiVersion: admissionregistration.k8s.io/v1
                kind: MutatingWebhookConfiguration
                metadata: {name: stamp-pods}
                webhooks:
                - name: stamp.skiff.example.com
                  clientConfig: {url: "%s", caBundle: %s}
                  rules:
                  - {operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}
                  sideEffects: None
                  admissionReviewVersions: [v1]
                """.formatted(WEBHOOKS.url("/stamp"), WEBHOOKS.caBundle())));

        kubectl.succeed("apply", "-f", kubectl.file("pod.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: stamped, labels: {app: demo}}
                spec:
                  nodeSelector: {nowhere: "true"}
                  containers:
                  - {name: app, image: busybox, command: [sleep, "60"]}
                """));

        assertThat(kubectl.succeed("get", "pod", "stamped", "-o", "jsonpath={.metadata.labels}").stdout())
                .isEqualTo("{\"app\":\"demo\",\"stamped-by\":\"webhook\"}");
        assertThat(kubectl.succeed("get", "mutatingwebhookconfigurations", "-o", "jsonpath={.items[0].webhooks[0]"
                + ".reinvocationPolicy} {.items[0].webhooks[0].timeoutSeconds}").stdout()).isEqualTo("Never 10");
        kubectl.succeed("delete", "mutatingwebhookconfiguration", "stamp-pods");
        kubectl.succeed("delete", "pod", "stamped", "--wait=false");
    }
}
