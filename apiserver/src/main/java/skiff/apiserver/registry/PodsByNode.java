package skiff.apiserver.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import skiff.apiserver.cache.CacheIndex;
import tools.jackson.databind.node.ObjectNode;

/**
 * The cached pods by the node they are bound to, so that the Node authorizer finds a node's pods without walking
 * every pod (k/k plugin/pkg/auth/authorizer/node/graph_populator.go feeds its graph from pods' spec.nodeName, 1.32).
 * One writer, the watch cache; any number of readers.
 */
final class PodsByNode implements CacheIndex {
    private final String prefix;
    private final Map<String, Map<String, ObjectNode>> byNode = new ConcurrentHashMap<>();
    private final Map<String, String> nodeOf = new ConcurrentHashMap<>();

    /** {@code prefix}: the pods' key prefix, under which each pod's key is NAMESPACE/NAME. */
    PodsByNode(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public void put(String key, ObjectNode pod) {
        String node = pod.path("spec").path("nodeName").asString("");
        String previous = nodeOf.get(key);
        if (previous != null && !previous.equals(node)) {
            remove(key);
        }
        if (!node.isEmpty()) {
            byNode.computeIfAbsent(node, n -> new ConcurrentHashMap<>()).put(key, pod);
            nodeOf.put(key, node);
        }
    }

    @Override
    public void remove(String key) {
        String node = nodeOf.remove(key);
        if (node != null) {
            Map<String, ObjectNode> pods = byNode.get(node);
            pods.remove(key);
            if (pods.isEmpty()) {
                byNode.remove(node);
            }
        }
    }

    /** The pods bound to {@code node} in {@code namespace} (null: in every namespace). */
    List<ObjectNode> on(String node, String namespace) {
        String within = namespace == null ? prefix : prefix + namespace + "/";
        return byNode.getOrDefault(node, Map.of()).entrySet().stream().filter(e -> e.getKey().startsWith(within))
                .map(Map.Entry::getValue).toList();
    }
}
