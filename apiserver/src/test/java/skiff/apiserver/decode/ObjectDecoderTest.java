package skiff.apiserver.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * A built-in kind's JSON decodes as into Kubernetes' Go types: fields it does not have are found with their paths and
 * removed, values of the wrong type are refused with Go's error, and everything else is kept.
 */
class ObjectDecoderTest {

    @Test
    void unknownFieldsAnywhereInAPodAreFoundAndRemoved() {
        ObjectNode pod = json("""
                {"apiVersion": "v1", "kind": "Pod", "bogus": 1,
                 "metadata": {"name": "p", "labels": {"any-key": "v"}, "colour": "red"},
                 "spec": {"containers": [{"name": "a", "image": "busybox"},
                                          {"name": "b", "image": "busybox", "imagePullPolcy": "Never",
                                           "resources": {"limits": {"cpu": "1"}}}]}}""");

        assertThat(ObjectDecoder.decode("v1", "Pod", pod))
                .containsExactly("bogus", "metadata.colour", "spec.containers[1].imagePullPolcy");
        assertThat(pod).isEqualTo(json("""
                {"apiVersion": "v1", "kind": "Pod",
                 "metadata": {"name": "p", "labels": {"any-key": "v"}},
                 "spec": {"containers": [{"name": "a", "image": "busybox"},
                                          {"name": "b", "image": "busybox", "resources": {"limits": {"cpu": "1"}}}]}}"""));
    }

    @Test
    void inlinedStructsAndValueTypesAreKnown() {
        String text = """
                {"apiVersion": "apps/v1", "kind": "Deployment",
                 "metadata": {"name": "d", "creationTimestamp": null,
                              "managedFields": [{"manager": "m", "fieldsV1": {"f:spec": {}}}]},
                 "spec": {"selector": {"matchLabels": {"app": "d"}}, "strategy": {"rollingUpdate": {"maxSurge": "25%"}},
                  "template": {"metadata": {"labels": {"app": "d"}}, "spec": {
                   "volumes": [{"name": "v", "emptyDir": {"medium": "Memory"}}],
                   "containers": [{"name": "c", "image": "i",
                     "livenessProbe": {"httpGet": {"path": "/", "port": 8080}, "periodSeconds": 5}}]}}}}""";
        ObjectNode deployment = json(text);

        assertThat(ObjectDecoder.decode("apps/v1", "Deployment", deployment)).isEmpty();
        assertThat(deployment).isEqualTo(json(text));
    }

    @Test
    void anInlinedStructStillHasItsOwnUnknownFields() {
        ObjectNode pod = json("""
                {"spec": {"volumes": [{"name": "v", "emptyDir": {"size": "1Gi"}, "emptyDirr": {}}],
                          "containers": [{"name": "c", "readinessProbe": {"exec": {"command": ["true"]}, "execc": 1}}]}}""");

        assertThat(ObjectDecoder.decode("v1", "Pod", pod)).containsExactly("spec.volumes[0].emptyDir.size",
                "spec.volumes[0].emptyDirr", "spec.containers[0].readinessProbe.execc");
    }

    @Test
    void customResourcesAreLeftAlone() {
        ObjectNode custom = json("{\"apiVersion\": \"example.com/v1\", \"kind\": \"Widget\", \"anything\": 1}");

        assertThat(ObjectDecoder.decode("example.com/v1", "Widget", custom)).isEmpty();
        assertThat(custom.has("anything")).isTrue();
    }

    @Test
    void theStructsGoInlinesAreLookedThroughEverywhere() {
        String text = """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
                 "spec": {"volumes": [{"name": "c", "configMap": {"name": "cfg", "items": [{"key": "a", "path": "a"}]}},
                                      {"name": "p", "projected": {"sources": [{"configMap": {"name": "cfg"}},
                                                                              {"secret": {"name": "sec"}}]}},
                                      {"name": "h", "hostPath": {"path": "/"}}],
                  "containers": [{"name": "a", "image": "i",
                    "env": [{"name": "A", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "a"}}},
                            {"name": "B", "valueFrom": {"secretKeyRef": {"name": "sec", "key": "b"}}}],
                    "envFrom": [{"configMapRef": {"name": "cfg"}}, {"secretRef": {"name": "sec"}}],
                    "livenessProbe": {"grpc": {"port": 9000}},
                    "lifecycle": {"preStop": {"sleep": {"seconds": 1}}}}],
                  "ephemeralContainers": [{"name": "debug", "image": "busybox", "targetContainerName": "a"}]}}""";
        ObjectNode pod = json(text);

        assertThat(ObjectDecoder.decode("v1", "Pod", pod)).isEmpty();
        assertThat(pod).isEqualTo(json(text));
    }

    @Test
    void aStatefulSetsVolumeClaimTemplatesDecodeWhole() {
        String text = """
                {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "s"},
                 "spec": {"volumeClaimTemplates": [{"metadata": {"name": "data", "labels": {"a": "b"}},
                   "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "standard", "volumeMode": "Filesystem",
                            "resources": {"requests": {"storage": "10Gi"}}, "selector": {"matchLabels": {"t": "db"}},
                            "dataSource": {"kind": "VolumeSnapshot", "name": "snap", "apiGroup": "snapshot.storage.k8s.io"}}}]}}""";
        ObjectNode statefulSet = json(text);

        assertThat(ObjectDecoder.decode("apps/v1", "StatefulSet", statefulSet)).isEmpty();
        assertThat(statefulSet).isEqualTo(json(text));
    }

    @Test
    void theNestedFormOfAnInlinedStructIsUnknown() {
        ObjectNode pod = json("""
                {"spec": {"volumes": [{"name": "v", "volumeSource": {"emptyDir": {}}}],
                          "containers": [{"name": "c", "readinessProbe": {"handler": {"exec": {}}}}]}}""");

        assertThat(ObjectDecoder.decode("v1", "Pod", pod))
                .containsExactly("spec.volumes[0].volumeSource", "spec.containers[0].readinessProbe.handler");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyManifestOfTheCorpusDecodesWhole(String file, ObjectNode manifest) {
        ObjectNode decoded = manifest.deepCopy();

        assertThat(ObjectDecoder.decode(manifest.path("apiVersion").asString(), manifest.path("kind").asString(),
                decoded)).as(file).isEmpty();
        assertThat(decoded).as(file).isEqualTo(manifest);
    }

    static Stream<Arguments> corpus() throws IOException, URISyntaxException {
        Path dir = Path.of(ObjectDecoderTest.class.getResource("/manifests").toURI());
        List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        return files.stream().map(f -> Arguments.of(f.getFileName().toString(),
                (ObjectNode) Json.parseYaml(read(f))));
    }

    // k/k apimachinery runtime/serializer/json with sigs.k8s.io/json: Go's UnmarshalTypeError names the innermost
    // struct, the field's JSON path without indices, and the Go type; a number that does not fit, with its text.
    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            v1 | Pod | {"spec": {"containers": [{"name": "a", "command": "sleep 300"}]}} | json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string
            v1 | Pod | {"spec": {"containers": [{"name": "a", "args": [1]}]}} | json: cannot unmarshal number into Go struct field Container.spec.containers.args of type string
            v1 | Pod | {"spec": "x"} | json: cannot unmarshal string into Go struct field Pod.spec of type v1.PodSpec
            v1 | Pod | {"spec": {"containers": {"name": "a"}}} | json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container
            v1 | Pod | {"spec": {"hostNetwork": "true"}} | json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool
            v1 | Pod | {"spec": {"terminationGracePeriodSeconds": 1.5}} | json: cannot unmarshal number 1.5 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64
            v1 | Pod | {"metadata": {"labels": {"a": 1}}} | json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string
            v1 | Pod | {"spec": {"volumes": [{"name": "c", "configMap": {"name": 7}}]}} | json: cannot unmarshal number into Go struct field ConfigMapVolumeSource.spec.volumes.configMap.name of type string
            v1 | Pod | {"spec": {"containers": [{"name": "a", "readinessProbe": {"httpGet": {"port": true}}}]}} | json: cannot unmarshal bool into Go struct field HTTPGetAction.spec.containers.readinessProbe.httpGet.port of type int32
            coordination.k8s.io/v1 | Lease | {"spec": {"leaseDurationSeconds": "abc"}} | json: cannot unmarshal string into Go struct field LeaseSpec.spec.leaseDurationSeconds of type int32
            v1 | Node | {"spec": {"taints": "NoSchedule"}} | json: cannot unmarshal string into Go struct field NodeSpec.spec.taints of type []v1.Taint
            v1 | Node | {"spec": {"taints": [{"key": "k", "effect": ["NoSchedule"]}]}} | json: cannot unmarshal array into Go struct field Taint.spec.taints.effect of type string
            apps/v1 | Deployment | {"status": {"replicas": 2147483648}} | json: cannot unmarshal number 2147483648 into Go struct field DeploymentStatus.status.replicas of type int32
            v1 | Service | {"spec": {"ports": [{"port": 9223372036854775808}]}} | json: cannot unmarshal number 9223372036854775808 into Go struct field ServicePort.spec.ports.port of type int32
            v1 | Service | {"spec": {"ports": [{"port": 80, "targetPort": 1.5}]}} | json: cannot unmarshal number 1.5 into Go struct field ServicePort.spec.ports.targetPort of type int32
            v1 | Event | {"count": "3"} | json: cannot unmarshal string into Go struct field Event.count of type int32
            v1 | Pod | {"spec": {"containers": [{"name": "a", "resources": {"limits": {"cpu": "abc"}}}]}} | quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'
            v1 | Pod | {"spec": {"containers": [{"name": "a", "resources": {"limits": {"memory": "1Gii"}}}]}} | unable to parse quantity's suffix
            v1 | Secret | {"data": {"a": "YWRtaW4=", "b": "abc"}} | illegal base64 data at input byte 0
            v1 | Secret | {"data": {"a": "YW!taW4="}} | illegal base64 data at input byte 2
            v1 | ConfigMap | {"binaryData": {"a": 5}} | json: cannot unmarshal number into Go struct field ConfigMap.binaryData of type []uint8
            """)
    void aValueOfTheWrongTypeIsRefusedWithGosError(String apiVersion, String kind, String body, String error) {
        assertThatThrownBy(() -> ObjectDecoder.decode(apiVersion, kind, json(body)))
                .isInstanceOf(DecodeError.class).hasMessage(error);
    }

    @Test
    void bytesAreStoredInCanonicalBase64AsGoReadsThem() {
        ObjectNode secret = json("""
                {"data": {"nl": "YWRtaW4=\\n", "crlf": "YWRt\\r\\naW4=", "ok": "YWRtaW4="}}""");

        ObjectDecoder.decode("v1", "Secret", secret);

        assertThat(secret).isEqualTo(json("""
                {"data": {"nl": "YWRtaW4=", "crlf": "YWRtaW4=", "ok": "YWRtaW4="}}"""));
    }

    @Test
    void fieldsOfFeaturesOffIn132AreDroppedNotUnknown() {
        ObjectNode pod = json("""
                {"spec": {"resources": {"limits": {"cpu": "1"}}, "hostUsers": false,
                          "securityContext": {"runAsUser": 1, "supplementalGroupsPolicy": "Strict"},
                          "volumes": [{"name": "img", "image": {"reference": "busybox"}}, {"name": "e", "emptyDir": {}}],
                          "initContainers": [{"name": "i", "volumeMounts": [{"name": "img", "mountPath": "/i"}]}],
                          "containers": [{"name": "c", "image": "i", "resizePolicy": [{"resourceName": "cpu",
                                            "restartPolicy": "NotRequired"}],
                                          "volumeMounts": [{"name": "img", "mountPath": "/i"},
                                                           {"name": "e", "mountPath": "/e"}]}]}}""");

        assertThat(ObjectDecoder.decode("v1", "Pod", pod)).isEmpty();
        assertThat(pod).isEqualTo(json("""
                {"spec": {"securityContext": {"runAsUser": 1},
                          "volumes": [{"name": "e", "emptyDir": {}}],
                          "initContainers": [{"name": "i"}],
                          "containers": [{"name": "c", "image": "i", "volumeMounts": [{"name": "e", "mountPath": "/e"}]}]}}"""));
    }

    private static ObjectNode json(String text) {
        return (ObjectNode) Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
