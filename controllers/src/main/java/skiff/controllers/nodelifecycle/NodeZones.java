package skiff.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import java.util.Map;

/** Which zone a node is in, for disruption checks (k/k staging component-helpers node/topology GetZoneKey). */
final class NodeZones {
    /** Nodes with this label are left out of the zone health counts (k/k labelNodeDisruptionExclusion). */
    static final String EXCLUDE_DISRUPTION = "node.kubernetes.io/exclude-disruption";

    private NodeZones() {}

    /** The region and zone labels (the GA ones, else the deprecated beta ones) as one key; "" for neither. */
    static String key(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        String region = label(labels, "topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region");
        String zone = label(labels, "topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone");
        return region.isEmpty() && zone.isEmpty() ? "" : region + ":\u0000:" + zone;
    }

    static boolean excludedFromDisruption(Node node) {
        return node.getMetadata().getLabels() != null
                && node.getMetadata().getLabels().containsKey(EXCLUDE_DISRUPTION);
    }

    private static String label(Map<String, String> labels, String key, String deprecatedKey) {
        String value = labels.getOrDefault(key, "");
        return value.isEmpty() ? labels.getOrDefault(deprecatedKey, "") : value;
    }
}
