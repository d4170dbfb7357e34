package skiff.api.scheduling;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Map;

/**
 * Matches nodes against node selector terms (k/k staging component-helpers scheduling/corev1/nodeaffinity
 * nodeaffinity.go): terms are ORed, a term's requirements ANDed, and a term with no requirements matches nothing.
 */
public final class NodeSelectorTerms {
    private NodeSelectorTerms() {}

    /**
     * k/k component-helpers nodeaffinity GetRequiredNodeAffinity(pod).Match(node): the node has every
     * spec.nodeSelector label and, if the pod has required node affinity, matches one of its terms.
     */
    public static boolean requiredBy(PodSpec spec, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        Map<String, String> selector = spec.getNodeSelector();
        if (selector != null && !selector.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        NodeSelector required = spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null ? null
                : spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        return required == null || anyMatches(required.getNodeSelectorTerms(), node);
    }

    public static boolean anyMatches(List<NodeSelectorTerm> terms, Node node) {
        return terms != null && terms.stream().anyMatch(t -> matches(t, node));
    }

    public static boolean matches(NodeSelectorTerm term, Node node) {
        List<NodeSelectorRequirement> expressions = orEmpty(term.getMatchExpressions());
        List<NodeSelectorRequirement> fields = orEmpty(term.getMatchFields());
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false;
        }
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        for (NodeSelectorRequirement r : expressions) {
            if (!labelMatches(r, labels)) {
                return false;
            }
        }
        for (NodeSelectorRequirement r : fields) {
            if (!fieldMatches(r, node)) {
                return false;
            }
        }
        return true;
    }

    // k/k apimachinery labels/selector.go Requirement.Matches, with the node affinity operators (Gt and Lt compare
    // a label that parses as an integer with the one value).
    private static boolean labelMatches(NodeSelectorRequirement r, Map<String, String> labels) {
        String value = labels.get(r.getKey());
        List<String> values = orEmpty(r.getValues());
        return switch (r.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt", "Lt" -> {
                if (value == null || values.size() != 1) {
                    yield false;
                }
                try {
                    long have = Long.parseLong(value);
                    long bound = Long.parseLong(values.getFirst());
                    yield r.getOperator().equals("Gt") ? have > bound : have < bound;
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
            default -> false;
        };
    }

    // k/k nodeaffinity.go: matchFields supports only metadata.name, with In and NotIn of exactly one value.
    private static boolean fieldMatches(NodeSelectorRequirement r, Node node) {
        if (!"metadata.name".equals(r.getKey()) || orEmpty(r.getValues()).size() != 1) {
            return false;
        }
        boolean same = r.getValues().getFirst().equals(node.getMetadata().getName());
        return switch (r.getOperator()) {
            case "In" -> same;
            case "NotIn" -> !same;
            default -> false;
        };
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
