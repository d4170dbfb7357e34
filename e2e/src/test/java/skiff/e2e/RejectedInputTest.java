package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input fails with the error Kubernetes gives, and nothing of it is stored. */
class RejectedInputTest {
    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    @Test
    void aMalformedYamlFileIsRejectedByKubectlBeforeAnythingIsSent(Kubectl kubectl) {
        KubectlResult result = kubectl.run("create", "-f", kubectl.file("broken.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: broken
                data: [
                """));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("error: error parsing broken.yaml: error converting YAML to JSON: yaml: ");
        assertNoConfigMap(kubectl, "broken");
    }

    @Test
    void aMisspelledFieldIsRefusedUnderKubectlsStrictValidation(Kubectl kubectl) {
        String file = kubectl.file("typo.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: typo}
                spec:
                  containers:
                  - name: main
                    image: busybox
                    imagePullPolcy: Never
                """);

        KubectlResult result = kubectl.run("create", "-f", file);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("Error from server (BadRequest): error when creating \"" + file
                + "\": Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field "
                + "\"spec.containers[0].imagePullPolcy\"\n");
        assertNoPod(kubectl, "typo");
    }

    @Test
    void withValidateWarnAnUnknownFieldIsDroppedWithAWarningAndWithFalseSilently(Kubectl kubectl) {
        String warned = kubectl.file("warned.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: warned, colour: red}
                data: {a: b}
                """);
        String ignored = kubectl.file("ignored.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: ignored}
                dataa: {a: b}
                """);

        KubectlResult warn = kubectl.run("create", "-f", warned, "--validate=warn");
        KubectlResult ignore = kubectl.run("create", "-f", ignored, "--validate=false");

        assertThat(warn.exitCode()).isZero();
        assertThat(warn.stderr()).isEqualTo("Warning: unknown field \"metadata.colour\"\n");
        assertThat(kubectl.succeed("get", "configmap", "warned", "-o", "jsonpath={.metadata}").stdout())
                .doesNotContain("colour").contains("\"name\":\"warned\"");
        assertThat(ignore.exitCode()).isZero();
        assertThat(ignore.stderr()).isEmpty();
        assertThat(kubectl.succeed("get", "configmap", "ignored", "-o", "json").stdout()).doesNotContain("dataa");
    }

    @Test
    void anInvalidNameIsRejectedWithTheRfc1123Explanation(Kubectl kubectl) {
        KubectlResult result = kubectl.run("create", "-f", kubectl.file("bad-name.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: Bad_Name}
                """));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("The ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: "
                + "\"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                + "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
                + "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n");
        assertThat(kubectl.succeed("get", "configmaps", "-o", "name").stdout()).doesNotContain("Bad_Name");
    }

    @Test
    void aPodWithoutAnImageIsInvalidAtTheContainersImageField(Kubectl kubectl) {
        KubectlResult result = kubectl.run("create", "-f", kubectl.file("no-image.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: no-image}
                spec:
                  containers:
                  - name: main
                """));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr())
                .isEqualTo("The Pod \"no-image\" is invalid: spec.containers[0].image: Required value\n");
        assertNoPod(kubectl, "no-image");
    }

    @Test
    void aPodWithoutContainersIsInvalid(Kubectl kubectl) {
        KubectlResult result = kubectl.run("create", "-f", kubectl.file("no-containers.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: no-containers}
                spec: {}
                """));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("The Pod \"no-containers\" is invalid: spec.containers: Required value\n");
        assertNoPod(kubectl, "no-containers");
    }

    @Test
    void creatingAnExistingObjectFailsWithAlreadyExistsAndKeepsTheOriginal(Kubectl kubectl) {
        kubectl.succeed("create", "-f", kubectl.file("first.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: taken}
                data: {version: first}
                """));
        String before = kubectl.succeed("get", "configmap", "taken", "-o", "json").stdout();

        KubectlResult result = kubectl.run("create", "-f", kubectl.file("second.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: taken}
                data: {version: second}
                """));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("Error from server (AlreadyExists): error when creating \"second.yaml\": "
                + "configmaps \"taken\" already exists\n");
        assertThat(kubectl.succeed("get", "configmap", "taken", "-o", "json").stdout()).isEqualTo(before);
    }

    @Test
    void aBodyOverThreeMebibytesIsTooLarge(Kubectl kubectl) throws IOException {
        byte[] random = new byte[3 * 1024 * 1024 + 64 * 1024];
        new Random(42).nextBytes(random);
        Files.write(kubectl.workDir().resolve("blob.bin"), random);

        KubectlResult result = kubectl.run("create", "configmap", "big", "--from-file=blob.bin");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr())
                .isEqualTo("error: failed to create configmap: Request entity too large: limit is 3145728\n");
        assertNoConfigMap(kubectl, "big");
    }

    @Test
    void aManifestOverThreeMebibytesIsTooLarge(Kubectl kubectl) {
        String value = "x".repeat(3 * 1024 * 1024 + 1);

        KubectlResult result = kubectl.run("create", "-f", kubectl.file("huge.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: huge}
                data:
                  value: %s
                """.formatted(value)));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("Request entity too large: limit is 3145728");
        assertNoConfigMap(kubectl, "huge");
    }

    private static void assertNoConfigMap(Kubectl kubectl, String name) {
        assertThat(kubectl.run("get", "configmap", name).stderr())
                .isEqualTo("Error from server (NotFound): configmaps \"" + name + "\" not found\n");
    }

    private static void assertNoPod(Kubectl kubectl, String name) {
        assertThat(kubectl.run("get", "pod", name).stderr())
                .isEqualTo("Error from server (NotFound): pods \"" + name + "\" not found\n");
    }
}
