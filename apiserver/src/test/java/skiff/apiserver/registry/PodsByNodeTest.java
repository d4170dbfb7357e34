package skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** The index follows pods as they are bound, moved in the store's history, and deleted. */
class PodsByNodeTest {
    private static final String PREFIX = "/registry/pods/";
    private final PodsByNode index = new PodsByNode(PREFIX);

    @Test
    void podsAreFoundByTheirNodeAndNamespaceOnlyWhileBoundThere() {
        ObjectNode pending = pod("web", "ns", "");
        ObjectNode onA = pod("web", "ns", "a");
        ObjectNode otherNamespace = pod("db", "prod", "a");

        index.put(PREFIX + "ns/web", pending);
        assertThat(index.on("a", null)).isEmpty();

        index.put(PREFIX + "ns/web", onA);
        index.put(PREFIX + "prod/db", otherNamespace);
        assertThat(index.on("a", "ns")).containsExactly(onA);
        assertThat(index.on("a", null)).containsExactlyInAnyOrder(onA, otherNamespace);
        assertThat(index.on("b", null)).isEmpty();

        ObjectNode onB = pod("web", "ns", "b");
        index.put(PREFIX + "ns/web", onB);
        assertThat(index.on("a", null)).containsExactly(otherNamespace);
        assertThat(index.on("b", "ns")).containsExactly(onB);

        index.remove(PREFIX + "ns/web");
        index.remove(PREFIX + "prod/db");
        assertThat(index.on("a", null)).isEmpty();
        assertThat(index.on("b", null)).isEmpty();
    }

    @Test
    void aNamespaceIsMatchedWholeNotByPrefix() {
        ObjectNode pod = pod("web", "ns-2", "a");
        index.put(PREFIX + "ns-2/web", pod);

        assertThat(index.on("a", "ns")).isEmpty();
        assertThat(index.on("a", "ns-2")).containsExactly(pod);
    }

    private static ObjectNode pod(String name, String namespace, String node) {
        return (ObjectNode) Json.parseYaml(("metadata: {name: %s, namespace: %s}\nspec: {nodeName: '%s'}")
                .formatted(name, namespace, node).getBytes(StandardCharsets.UTF_8));
    }
}
