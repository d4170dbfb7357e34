package skiff.controllers.namespace;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The status conditions a terminating namespace carries, computed from one pass's {@link DeletionProgress} (k/k
 * pkg/controller/namespace/deletion/status_condition_utils.go: five condition types, each True with a failure reason
 * or False with an "ok" reason; a condition whose status, reason and message are unchanged keeps its
 * lastTransitionTime). Types and reasons are Kubernetes' API values; the messages are Skiff's own.
 */
final class NamespaceConditions {
    static final String DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";
    static final String GROUP_VERSION_PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure";
    static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";
    static final String CONTENT_REMAINING = "NamespaceContentRemaining";
    static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

    private NamespaceConditions() {}

    /** The five conditions after this pass, in Kubernetes' order, with times carried over where nothing changed. */
    static List<NamespaceCondition> compute(DeletionProgress p, List<NamespaceCondition> existing, String now) {
        List<NamespaceCondition> wanted = List.of(
                p.discoveryError() != null
                        ? failing(DISCOVERY_FAILURE, "DiscoveryFailed", "Discovery failed: " + p.discoveryError())
                        : ok(DISCOVERY_FAILURE, "ResourcesDiscovered", "Every served resource was discovered"),
                ok(GROUP_VERSION_PARSING_FAILURE, "ParsedGroupVersions", "Every group version was parsed"),
                !p.deleteErrors().isEmpty()
                        ? failing(CONTENT_FAILURE, "ContentDeletionFailed",
                                "Deleting content failed: " + String.join("; ", p.deleteErrors()))
                        : ok(CONTENT_FAILURE, "ContentDeleted",
                                "Content deleted; some may still wait for its finalizers"),
                !p.remaining().isEmpty()
                        ? failing(CONTENT_REMAINING, "SomeResourcesRemain",
                                "Content left: " + describe(p.remaining(), "%s has %d object(s)"))
                        : ok(CONTENT_REMAINING, "ContentRemoved", "No content is left"),
                !p.finalizers().isEmpty()
                        ? failing(FINALIZERS_REMAINING, "SomeFinalizersRemain",
                                "Content waits on finalizers: " + describe(p.finalizers(), "%s on %d object(s)"))
                        : ok(FINALIZERS_REMAINING, "ContentHasNoFinalizers", "No content waits on finalizers"));
        List<NamespaceCondition> result = new ArrayList<>();
        for (NamespaceCondition c : wanted) {
            NamespaceCondition old = existing.stream().filter(e -> c.getType().equals(e.getType())).findFirst()
                    .orElse(null);
            boolean unchanged = old != null && c.getStatus().equals(old.getStatus())
                    && c.getReason().equals(old.getReason()) && c.getMessage().equals(old.getMessage());
            result.add(new NamespaceConditionBuilder(c)
                    .withLastTransitionTime(unchanged ? old.getLastTransitionTime() : now).build());
        }
        return result;
    }

    private static String describe(Map<String, Integer> counts, String format) {
        return counts.entrySet().stream().map(e -> String.format(format, e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static NamespaceCondition ok(String type, String reason, String message) {
        return condition(type, "False", reason, message);
    }

    private static NamespaceCondition failing(String type, String reason, String message) {
        return condition(type, "True", reason, message);
    }

    private static NamespaceCondition condition(String type, String status, String reason, String message) {
        return new NamespaceConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).build();
    }
}
