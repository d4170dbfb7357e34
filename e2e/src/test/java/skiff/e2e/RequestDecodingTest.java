package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request bodies decode as into Kubernetes' Go types: a value of the wrong type is refused with Go's error, Go's
 * inlined structs are fields like any other (in JSON and in the protobuf kubectl's typed clients send), []byte
 * values read back in canonical base64, and the fields of features a 1.32 server has off are taken and dropped.
 */
class RequestDecodingTest {
    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension("--no-kubelet");

    @Test
    void aPodReferringToAConfigMapAndASecretIsCreatedUnderStrictValidation(Kubectl kubectl) {
        String file = kubectl.file("refs.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: refs}
                spec:
                  containers:
                  - name: main
                    image: busybox
                    env:
                    - name: A
                      valueFrom: {configMapKeyRef: {name: cfg, key: a}}
                    envFrom:
                    - secretRef: {name: sec}
                  volumes:
                  - name: c
                    configMap: {name: cfg}
                """);

        KubectlResult result = kubectl.run("create", "-f", file);

        assertThat(result.stderr()).isEmpty();
        assertThat(kubectl.succeed("get", "pod", "refs", "-o",
                "jsonpath={.spec.volumes[0].configMap.name} {.spec.containers[0].env[0].valueFrom.configMapKeyRef.name}"
                        + " {.spec.containers[0].envFrom[0].secretRef.name}").stdout()).isEqualTo("cfg cfg sec");
    }

    @Test
    void aStringWhereAListGoesIsRefusedWithGosErrorAndNothingIsStored(Kubectl kubectl) {
        String file = kubectl.file("command.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: command}
                spec:
                  containers:
                  - name: main
                    image: busybox
                    command: sleep 300
                """);

        KubectlResult result = kubectl.run("create", "-f", file);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("Error from server (BadRequest): error when creating \"" + file
                + "\": Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct "
                + "field Container.spec.containers.command of type []string\n");
        assertThat(kubectl.run("get", "pod", "command").exitCode()).isEqualTo(1);
    }

    @Test
    void aPatchWhoseResultHasAValueOfTheWrongTypeIsRefused(Kubectl kubectl) {
        kubectl.succeed("create", "deployment", "patched", "--image=busybox", "--replicas=0");

        KubectlResult result = kubectl.run("patch", "deployment", "patched", "--type=merge", "-p",
                "{\"spec\": {\"replicas\": 2147483648}}");

        // k/k patch.go: the patched object that does not decode is an Invalid value of the field "patch".
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("The request is invalid: patch: Invalid value: \"{")
                .endsWith("}\": json: cannot unmarshal number 2147483648 into Go struct field "
                        + "DeploymentSpec.spec.replicas of type int32\n");
        assertThat(kubectl.succeed("get", "deployment", "patched", "-o", "jsonpath={.spec.replicas}").stdout())
                .isEqualTo("0");
    }

    @Test
    void aServerSideApplyWithAValueOfTheWrongTypeIsRefusedAndNothingIsStored(Kubectl kubectl) {
        String file = kubectl.file("applied.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: applied}
                spec:
                  containers:
                  - name: main
                    image: busybox
                    command: sleep 300
                """);

        KubectlResult result = kubectl.run("apply", "--server-side", "-f", file);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("Pod in version \"v1\" cannot be handled as a Pod: json: cannot "
                + "unmarshal string into Go struct field Container.spec.containers.command of type []string");
        assertThat(kubectl.run("get", "pod", "applied").exitCode()).isEqualTo(1);
    }

    @Test
    void aServerSideApplyWithAnUnknownFieldIsRefusedUnderStrictValidation(Kubectl kubectl) {
        String file = kubectl.file("unknown.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: applied-unknown}
                data: {a: b}
                colour: blue
                """);

        KubectlResult result = kubectl.run("apply", "--server-side", "-f", file);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("unknown field \"colour\"");
        assertThat(kubectl.run("get", "configmap", "applied-unknown").exitCode()).isEqualTo(1);
    }

    @Test
    void aStatusUpdateWithAValueOfTheWrongTypeIsRefused(Kubectl kubectl) {
        kubectl.succeed("create", "deployment", "counted", "--image=busybox", "--replicas=0");
        ObjectNode deployment = (ObjectNode) Json.parse(kubectl.succeed("get", "deployment", "counted", "-o", "json")
                .stdout().getBytes(StandardCharsets.UTF_8));
        deployment.putObject("status").put("replicas", new BigInteger("2147483648"));

        KubectlResult result = kubectl.run("replace", "--raw",
                "/apis/apps/v1/namespaces/default/deployments/counted/status", "-f",
                kubectl.file("status.json", deployment.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("Error from server (BadRequest): Deployment in version \"v1\" cannot be "
                + "handled as a Deployment: json: cannot unmarshal number 2147483648 into Go struct field "
                + "DeploymentStatus.status.replicas of type int32\n");
    }

    @Test
    void invalidBase64IsRefusedAndANonCanonicalFormReadsBackNormalised(Kubectl kubectl) {
        String bad = kubectl.file("bad.yaml", """
                apiVersion: v1
                kind: Secret
                metadata: {name: bad}
                data: {key: "abc"}
                """);
        String newline = kubectl.file("newline.yaml", """
                apiVersion: v1
                kind: Secret
                metadata: {name: newline}
                data: {key: "YWRt\\naW4=\\n"}
                """);

        KubectlResult refused = kubectl.run("create", "-f", bad);
        kubectl.succeed("create", "-f", newline);

        assertThat(refused.stderr()).isEqualTo("Error from server (BadRequest): error when creating \"" + bad
                + "\": Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 0\n");
        assertThat(kubectl.succeed("get", "secret", "newline", "-o", "jsonpath={.data.key}").stdout())
                .isEqualTo("YWRtaW4=");
    }

    // Without the service-account token volume, whose "volumes" the ServiceAccount admission plugin would add.
    @Test
    void fieldsOfFeaturesOffByDefaultIn132AreTakenAndDropped(Kubectl kubectl) {
        String file = kubectl.file("gated.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: gated}
                spec:
                  automountServiceAccountToken: false
                  resources:
                    limits: {cpu: "1"}
                  securityContext:
                    runAsUser: 1000
                    supplementalGroupsPolicy: Strict
                  containers:
                  - name: main
                    image: busybox
                    volumeMounts: [{name: image, mountPath: /image}]
                  volumes:
                  - name: image
                    image: {reference: "busybox:1.36"}
                """);

        KubectlResult result = kubectl.run("create", "-f", file);

        assertThat(result.stderr()).isEmpty();
        assertThat(kubectl.succeed("get", "pod", "gated", "-o", "json").stdout())
                .contains("\"runAsUser\": 1000")
                .doesNotContain("supplementalGroupsPolicy", "\"volumes\"", "/image", "\"cpu\"");
    }

    // kubectl debug creates the copy with its typed client, in protobuf, where Go's inlined structs are nested.
    @Test
    void aPodCopiedByKubectlDebugKeepsItsProbeAndVolumes(Kubectl kubectl) {
        kubectl.succeed("create", "-f", kubectl.file("original.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: original}
                spec:
                  containers:
                  - name: main
                    image: busybox
                    readinessProbe:
                      exec: {command: ["true"]}
                    volumeMounts: [{name: logs, mountPath: /logs}]
                  volumes:
                  - name: logs
                    hostPath: {path: /var/log}
                """));

        KubectlResult debug = kubectl.run("debug", "original", "--copy-to=copy", "--container=debugger",
                "--image=busybox");

        assertThat(debug.exitCode()).as(debug.stderr()).isZero();
        assertThat(kubectl.succeed("get", "pod", "copy", "-o",
                "jsonpath={.spec.containers[0].readinessProbe.exec.command[0]} {.spec.volumes[0].hostPath.path}")
                .stdout()).isEqualTo("true /var/log");
    }
}
