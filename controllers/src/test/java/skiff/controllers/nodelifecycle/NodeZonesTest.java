package skiff.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Zone keys from the topology labels (k/k component-helpers node/topology GetZoneKey). */
class NodeZonesTest {

    @Test
    void regionAndZoneMakeTheKeyAndTheBetaLabelsStandIn() {
        assertThat(NodeZones.key(node(Map.of()))).isEmpty();
        assertThat(NodeZones.key(node(Map.of("topology.kubernetes.io/region", "eu",
                "topology.kubernetes.io/zone", "eu-1")))).isEqualTo("eu:\u0000:eu-1");
        assertThat(NodeZones.key(node(Map.of("failure-domain.beta.kubernetes.io/region", "us",
                "topology.kubernetes.io/zone", "us-2")))).isEqualTo("us:\u0000:us-2");
        assertThat(NodeZones.key(node(Map.of("topology.kubernetes.io/zone", "z")))).isEqualTo(":\u0000:z");
    }

    @Test
    void theExclusionLabelLeavesANodeOutOfDisruptionChecks() {
        assertThat(NodeZones.excludedFromDisruption(node(Map.of("node.kubernetes.io/exclude-disruption", ""))))
                .isTrue();
        assertThat(NodeZones.excludedFromDisruption(node(Map.of()))).isFalse();
    }

    private static Node node(Map<String, String> labels) {
        return new NodeBuilder().withNewMetadata().withName("n").withLabels(labels).endMetadata().build();
    }
}
