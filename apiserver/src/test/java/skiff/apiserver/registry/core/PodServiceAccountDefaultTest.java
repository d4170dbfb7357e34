package skiff.apiserver.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** Decoding a pod reads the deprecated serviceAccount field; the ServiceAccount admission plugin does the rest. */
class PodServiceAccountDefaultTest {

    private static ObjectNode pod() {
        ObjectNode pod = Json.object();
        pod.putObject("metadata").put("name", "web");
        pod.putObject("spec").put("nodeName", "n1").putArray("containers").addObject().put("name", "app")
                .put("image", "busybox");
        return pod;
    }

    @Test
    void theDeprecatedServiceAccountFieldNamesTheAccount() {
        ObjectNode pod = pod();
        pod.withObject("spec").put("serviceAccount", "builder");

        PodStrategy.INSTANCE.applyDefaults(pod);

        assertThat(pod.path("spec").path("serviceAccountName").asString()).isEqualTo("builder");
        assertThat(pod.path("spec").path("serviceAccount").asString()).isEqualTo("builder");
    }

    @Test
    void defaultingAloneNamesNoAccount() {
        ObjectNode pod = pod();

        PodStrategy.INSTANCE.applyDefaults(pod);

        assertThat(pod.path("spec").has("serviceAccountName")).isFalse();
        assertThat(pod.path("spec").has("serviceAccount")).isFalse();
        assertThat(pod.path("spec").path("restartPolicy").asString()).isEqualTo("Always");
    }
}
