package skiff.apiserver.admission;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The node labels a kubelet may not set or change itself (k/k plugin/pkg/admission/noderestriction/admission.go
 * getForbiddenLabels and pkg/kubelet/apis well_known_labels.go IsKubeletLabel, 1.32): anything under
 * node-restriction.kubernetes.io/, and any other kubernetes.io or k8s.io label but those the kubelet sets.
 */
final class NodeLabels {
    private static final String RESTRICTED = "node-restriction.kubernetes.io";
    private static final Set<String> KUBELET_LABELS = Set.of("kubernetes.io/hostname", "kubernetes.io/arch",
            "kubernetes.io/os", "beta.kubernetes.io/arch", "beta.kubernetes.io/os", "beta.kubernetes.io/instance-type",
            "node.kubernetes.io/instance-type", "failure-domain.beta.kubernetes.io/region",
            "failure-domain.beta.kubernetes.io/zone", "topology.kubernetes.io/region", "topology.kubernetes.io/zone");
    private static final Set<String> KUBELET_NAMESPACES = Set.of("kubelet.kubernetes.io", "node.kubernetes.io");

    private NodeLabels() {}

    /** The keys, sorted, that differ between {@code labels} and {@code old} and that a node may not change. */
    static Set<String> forbiddenChanges(Map<String, String> labels, Map<String, String> old) {
        Set<String> forbidden = new TreeSet<>();
        Set<String> keys = new TreeSet<>(labels.keySet());
        keys.addAll(old.keySet());
        for (String key : keys) {
            if (!Objects.equals(labels.get(key), old.get(key)) && forbidden(key)) {
                forbidden.add(key);
            }
        }
        return forbidden;
    }

    private static boolean forbidden(String key) {
        String namespace = namespace(key);
        if (within(namespace, RESTRICTED)) {
            return true;
        }
        boolean kubernetes = within(namespace, "kubernetes.io") || within(namespace, "k8s.io");
        return kubernetes && !kubeletLabel(key, namespace);
    }

    private static boolean kubeletLabel(String key, String namespace) {
        return KUBELET_LABELS.contains(key) || KUBELET_NAMESPACES.stream().anyMatch(n -> within(namespace, n));
    }

    private static boolean within(String namespace, String domain) {
        return namespace.equals(domain) || namespace.endsWith("." + domain);
    }

    private static String namespace(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }
}
