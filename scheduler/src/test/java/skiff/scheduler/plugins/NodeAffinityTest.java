package skiff.scheduler.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTermBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.scheduler.framework.NodeInfo;
import skiff.scheduler.framework.Nodes;
import skiff.scheduler.framework.Pods;

/** Cases after k/k node_affinity_test.go TestNodeAffinity and TestNodeAffinityPriority. */
class NodeAffinityTest {
    private final NodeAffinity plugin = new NodeAffinity();
    private static final Map<String, String> LABELS = Map.of("zone", "a", "gpu", "2", "disk", "ssd");

    record Case(String name, List<NodeSelectorTerm> terms, boolean fits) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> requiredCases() {
        return Stream.of(
                new Case("In matches", List.of(term(expr("zone", "In", "a", "b"))), true),
                new Case("In does not match", List.of(term(expr("zone", "In", "b"))), false),
                new Case("NotIn of an absent label matches", List.of(term(expr("rack", "NotIn", "r1"))), true),
                new Case("NotIn of the value", List.of(term(expr("zone", "NotIn", "a"))), false),
                new Case("Exists", List.of(term(expr("disk", "Exists"))), true),
                new Case("DoesNotExist of a present label", List.of(term(expr("disk", "DoesNotExist"))), false),
                new Case("Gt compares integers", List.of(term(expr("gpu", "Gt", "1"))), true),
                new Case("Lt compares integers", List.of(term(expr("gpu", "Lt", "2"))), false),
                new Case("Gt of a non-integer label fails", List.of(term(expr("zone", "Gt", "1"))), false),
                new Case("expressions in a term are ANDed",
                        List.of(term(expr("zone", "In", "a"), expr("disk", "In", "hdd"))), false),
                new Case("terms are ORed",
                        List.of(term(expr("zone", "In", "b")), term(expr("disk", "In", "ssd"))), true),
                new Case("an empty term matches nothing", List.of(new NodeSelectorTerm()), false),
                new Case("matchFields on metadata.name", List.of(new NodeSelectorTermBuilder()
                        .withMatchFields(expr("metadata.name", "In", "n1")).build()), true),
                new Case("matchFields on another name", List.of(new NodeSelectorTermBuilder()
                        .withMatchFields(expr("metadata.name", "In", "n2")).build()), false));
    }

    @ParameterizedTest
    @MethodSource("requiredCases")
    void requiredNodeAffinity(Case c) {
        Pod pod = Pods.pod("p").editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().withNodeSelectorTerms(c.terms())
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build();

        assertThat(plugin.filter(pod, node("n1", LABELS)).isEmpty()).isEqualTo(c.fits());
    }

    @Test
    void theNodeSelectorNeedsEveryLabel() {
        Pod fits = Pods.pod("p").editSpec().withNodeSelector(Map.of("zone", "a", "disk", "ssd")).endSpec().build();
        Pod misses = Pods.pod("p").editSpec().withNodeSelector(Map.of("zone", "a", "disk", "hdd")).endSpec().build();

        assertThat(plugin.filter(fits, node("n1", LABELS))).isEmpty();
        assertThat(plugin.filter(misses, node("n1", LABELS))).hasValueSatisfying(r -> assertThat(r.reasons())
                .containsExactly("node(s) didn't match Pod's node affinity/selector"));
    }

    @Test
    void preferredTermsScoreTheirWeightsNormalizedToTheBestNode() {
        Pod pod = Pods.pod("p").editSpec().withNewAffinity().withNewNodeAffinity()
                .withPreferredDuringSchedulingIgnoredDuringExecution(
                        new PreferredSchedulingTermBuilder().withWeight(2).withPreference(term(expr("zone", "In", "a")))
                                .build(),
                        new PreferredSchedulingTermBuilder().withWeight(8).withPreference(term(expr("disk", "In",
                                "ssd"))).build())
                .endNodeAffinity().endAffinity().endSpec().build();
        NodeInfo both = node("both", Map.of("zone", "a", "disk", "ssd"));
        NodeInfo zoneOnly = node("zone", Map.of("zone", "a"));
        NodeInfo none = node("none", Map.of());

        long[] scores = Stream.of(both, zoneOnly, none).mapToLong(n -> plugin.score(pod, n)).toArray();
        assertThat(scores).containsExactly(10, 2, 0);
        plugin.normalize(scores);

        assertThat(scores).containsExactly(100, 20, 0);
    }

    private static NodeInfo node(String name, Map<String, String> labels) {
        return Nodes.info(Nodes.node(name, "1", "1Gi", "10").editMetadata().withLabels(labels).endMetadata());
    }

    static NodeSelectorTerm term(NodeSelectorRequirement... expressions) {
        return new NodeSelectorTermBuilder().withMatchExpressions(expressions).build();
    }

    static NodeSelectorRequirement expr(String key, String operator, String... values) {
        return new NodeSelectorRequirementBuilder().withKey(key).withOperator(operator).withValues(values).build();
    }
}
