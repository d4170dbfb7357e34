package skiff.apiserver.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

class NamespaceStrategyTest {

    private static ObjectNode namespace(String metadata) {
        return (ObjectNode) Json.parse(("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":" + metadata + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNamedNamespaceIsLabelledWithItsName() {
        ObjectNode ns = namespace("{\"name\":\"team-a\"}");

        NamespaceStrategy.INSTANCE.applyDefaults(ns);

        assertThat(ns.path("metadata").path("labels").path("kubernetes.io/metadata.name").asString())
                .isEqualTo("team-a");
    }

    @Test
    void theNameLabelIsSetOverWhatTheRequestSaidAndOtherLabelsStay() {
        ObjectNode ns = namespace("{\"name\":\"team-a\",\"labels\":{\"kubernetes.io/metadata.name\":\"other\","
                + "\"env\":\"dev\"}}");

        NamespaceStrategy.INSTANCE.applyDefaults(ns);

        assertThat(ns.path("metadata").path("labels").path("kubernetes.io/metadata.name").asString())
                .isEqualTo("team-a");
        assertThat(ns.path("metadata").path("labels").path("env").asString()).isEqualTo("dev");
    }

    @Test
    void aNamespaceWithoutANameYetGetsNoLabel() {
        ObjectNode ns = namespace("{\"generateName\":\"team-\"}");

        NamespaceStrategy.INSTANCE.applyDefaults(ns);

        assertThat(ns.path("metadata").has("labels")).isFalse();
    }
}
