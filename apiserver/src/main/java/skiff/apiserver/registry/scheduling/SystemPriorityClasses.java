package skiff.apiserver.registry.scheduling;

import java.util.List;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two PriorityClasses every cluster has (k/k pkg/apis/scheduling/types.go SystemClusterCritical and
 * SystemNodeCritical, pkg/apis/scheduling/helpers.go SystemPriorityClasses, 1.32).
 */
public final class SystemPriorityClasses {
    private record Known(String name, long value, String description) {}

    private static final List<Known> KNOWN = List.of(
            new Known("system-node-critical", 2_000_001_000L,
                    "Used for system critical pods that must not be moved from their current node."),
            new Known("system-cluster-critical", 2_000_000_000L,
                    "Used for system critical pods that must run in the cluster, but can be moved to another node "
                            + "if necessary."));

    private SystemPriorityClasses() {}

    /** The built-in classes as the API server creates them at start (k/k pkg/registry/scheduling/rest). */
    public static List<ObjectNode> objects() {
        return KNOWN.stream().map(k -> {
            ObjectNode pc = Json.object();
            pc.put("apiVersion", "scheduling.k8s.io/v1");
            pc.put("kind", "PriorityClass");
            pc.putObject("metadata").put("name", k.name());
            pc.put("value", k.value());
            pc.put("description", k.description());
            return pc;
        }).toList();
    }

    // helpers.go IsKnownSystemPriorityClass: null when the name, value and globalDefault are a built-in class's.
    static String whyNotKnown(String name, long value, boolean globalDefault) {
        for (Known k : KNOWN) {
            if (k.name().equals(name)) {
                if (k.value() != value) {
                    return "value of " + name + " PriorityClass must be " + k.value();
                }
                if (globalDefault) {
                    return "globalDefault of " + name + " PriorityClass must be false";
                }
                return null;
            }
        }
        return name + " is not a known system priority class";
    }
}
