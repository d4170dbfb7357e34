package skiff.controllers.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceConditionsTest {
    private static final String EARLIER = "2025-01-01T00:00:00Z";
    private static final String NOW = "2025-01-01T00:01:00Z";

    @Test
    void anEmptiedNamespaceHasEveryConditionFalseWithItsOkReason() {
        List<NamespaceCondition> conditions = NamespaceConditions.compute(
                DeletionProgress.of(List.of(), Map.of(), Map.of()), List.of(), NOW);

        assertThat(conditions).extracting(NamespaceCondition::getType, NamespaceCondition::getStatus,
                NamespaceCondition::getReason).containsExactly(
                        tuple("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered"),
                        tuple("NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions"),
                        tuple("NamespaceDeletionContentFailure", "False", "ContentDeleted"),
                        tuple("NamespaceContentRemaining", "False", "ContentRemoved"),
                        tuple("NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers"));
        assertThat(conditions).extracting(NamespaceCondition::getLastTransitionTime).containsOnly(NOW);
    }

    @Test
    void remainingContentAndFinalizersAreTrueAndSayWhatIsLeft() {
        List<NamespaceCondition> conditions = NamespaceConditions.compute(DeletionProgress.of(List.of(),
                Map.of("pods", 2, "configmaps", 1), Map.of("example.com/keep", 3)), List.of(), NOW);

        NamespaceCondition content = byType(conditions, "NamespaceContentRemaining");
        assertThat(content.getStatus()).isEqualTo("True");
        assertThat(content.getReason()).isEqualTo("SomeResourcesRemain");
        assertThat(content.getMessage()).contains("configmaps has 1 object(s)", "pods has 2 object(s)");
        NamespaceCondition finalizers = byType(conditions, "NamespaceFinalizersRemaining");
        assertThat(finalizers.getReason()).isEqualTo("SomeFinalizersRemain");
        assertThat(finalizers.getMessage()).contains("example.com/keep on 3 object(s)");
    }

    @Test
    void failuresAreTrueWithTheirFailureReasons() {
        assertThat(byType(NamespaceConditions.compute(DeletionProgress.discoveryFailed("timeout"), List.of(), NOW),
                "NamespaceDeletionDiscoveryFailure").getReason()).isEqualTo("DiscoveryFailed");
        assertThat(byType(NamespaceConditions.compute(
                DeletionProgress.of(List.of("pods: boom"), Map.of(), Map.of()), List.of(), NOW),
                "NamespaceDeletionContentFailure").getReason()).isEqualTo("ContentDeletionFailed");
    }

    @Test
    void anUnchangedConditionKeepsItsTransitionTimeAndAChangedOneGetsNow() {
        List<NamespaceCondition> before = NamespaceConditions.compute(
                DeletionProgress.of(List.of(), Map.of("pods", 1), Map.of()), List.of(), EARLIER);

        List<NamespaceCondition> after = NamespaceConditions.compute(
                DeletionProgress.of(List.of(), Map.of(), Map.of()), before, NOW);

        assertThat(byType(after, "NamespaceDeletionDiscoveryFailure").getLastTransitionTime()).isEqualTo(EARLIER);
        assertThat(byType(after, "NamespaceContentRemaining").getLastTransitionTime()).isEqualTo(NOW);
    }

    private static NamespaceCondition byType(List<NamespaceCondition> conditions, String type) {
        return conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }
}
