package skiff.apiserver.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** Fields a built-in kind does not have are found with their paths and removed; everything else is kept. */
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

    private static ObjectNode json(String text) {
        return (ObjectNode) Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }
}
