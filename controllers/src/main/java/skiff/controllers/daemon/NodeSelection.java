package skiff.controllers.daemon;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Map;

/**
 * A pod's required node constraints against a node: its nodeSelector and its required node affinity terms (k/k
 * component-helpers scheduling/corev1/nodeaffinity GetRequiredNodeAffinity).
 */
final class NodeSelection {
    static final String NAME_FIELD = "metadata.name";

    private NodeSelection() {}

    static boolean matches(PodSpec spec, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of()
                : node.getMetadata().getLabels();
        if (spec.getNodeSelector() != null) {
            for (Map.Entry<String, String> e : spec.getNodeSelector().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        NodeSelector required = spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null ? null
                : spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        return required == null || matchesAnyTerm(required.getNodeSelectorTerms(), labels,
                node.getMetadata().getName());
    }

    /** The terms are ORed; a term ANDs its requirements, and an empty term matches nothing. */
    private static boolean matchesAnyTerm(List<NodeSelectorTerm> terms, Map<String, String> labels, String name) {
        for (NodeSelectorTerm term : terms == null ? List.<NodeSelectorTerm>of() : terms) {
            List<NodeSelectorRequirement> expressions = orEmpty(term.getMatchExpressions());
            List<NodeSelectorRequirement> fields = orEmpty(term.getMatchFields());
            if (expressions.isEmpty() && fields.isEmpty()) {
                continue;
            }
            boolean all = expressions.stream().allMatch(r -> requirementHolds(r, labels))
                    && fields.stream().allMatch(r -> NAME_FIELD.equals(r.getKey())
                            && requirementHolds(r, Map.of(NAME_FIELD, name)));
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static boolean requirementHolds(NodeSelectorRequirement r, Map<String, String> labels) {
        String value = labels.get(r.getKey());
        List<String> values = orEmpty(r.getValues());
        return switch (r.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt", "Lt" -> compares(value, values, r.getOperator());
            default -> false;
        };
    }

    private static boolean compares(String value, List<String> values, String op) {
        if (value == null || values.size() != 1) {
            return false;
        }
        try {
            long have = Long.parseLong(value);
            long want = Long.parseLong(values.getFirst());
            return "Gt".equals(op) ? have > want : have < want;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}
