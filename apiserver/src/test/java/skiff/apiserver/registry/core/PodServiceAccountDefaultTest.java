package skiff.apiserver.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

class PodServiceAccountDefaultTest {

    private static ObjectNode pod() {
        ObjectNode pod = Json.object();
        pod.putObject("metadata").put("name", "web");
        pod.putObject("spec").put("nodeName", "n1").putArray("containers").addObject().put("name", "app")
                .put("image", "busybox");
        return pod;
    }

    @Test
    void aPodRunsAsTheDefaultServiceAccount() {
        ObjectNode pod = pod();

        PodStrategy.INSTANCE.applyDefaults(pod);

        assertThat(pod.path("spec").path("serviceAccountName").asString()).isEqualTo("default");
        assertThat(pod.path("spec").path("serviceAccount").asString()).isEqualTo("default");
    }

    @Test
    void aMirrorPodIsLeftWithoutServiceAccountLikeTheKubeletWroteIt() {
        ObjectNode pod = pod();
        pod.withObject("metadata").putObject("annotations").put("kubernetes.io/config.mirror", "abc");

        PodStrategy.INSTANCE.applyDefaults(pod);

        assertThat(pod.path("spec").has("serviceAccountName")).isFalse();
        assertThat(pod.path("spec").has("serviceAccount")).isFalse();
        assertThat(pod.path("spec").path("restartPolicy").asString()).isEqualTo("Always");
    }
}
