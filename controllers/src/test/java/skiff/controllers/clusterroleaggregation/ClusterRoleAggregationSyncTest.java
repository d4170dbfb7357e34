package skiff.controllers.clusterroleaggregation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.rbac.AggregationRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules an aggregated ClusterRole gathers (k/k clusterroleaggregation_controller_test.go, 1.32). */
class ClusterRoleAggregationSyncTest {
    private static final PolicyRule PODS = rule("pods");
    private static final PolicyRule SECRETS = rule("secrets");
    private static final PolicyRule LEASES = rule("leases");

    @Test
    void theSelectedRolesRulesInSelectorThenNameOrderEachOnce() {
        ClusterRole view = aggregated("view", Map.of("to-view", "true"), Map.of("also", "true"));
        List<ClusterRole> all = List.of(view,
                role("zeta", Map.of("to-view", "true"), PODS, SECRETS),
                role("alpha", Map.of("to-view", "true"), SECRETS),
                role("other", Map.of("unrelated", "true"), LEASES),
                role("beta", Map.of("also", "true"), LEASES, PODS));

        assertThat(ClusterRoleAggregationSync.aggregatedRules(view, all)).containsExactly(SECRETS, PODS, LEASES);
    }

    @Test
    void aRoleNeverAggregatesItselfAndNothingSelectedGivesNoRules() {
        ClusterRole self = aggregated("self", Map.of("x", "y"));
        ClusterRole selfLabelled = new ClusterRoleBuilder(self).editMetadata().addToLabels("x", "y").endMetadata()
                .withRules(PODS).build();

        assertThat(ClusterRoleAggregationSync.aggregatedRules(selfLabelled, List.of(selfLabelled))).isEmpty();
    }

    @SafeVarargs
    private static ClusterRole aggregated(String name, Map<String, String>... selectors) {
        AggregationRuleBuilder rule = new AggregationRuleBuilder();
        for (Map<String, String> labels : selectors) {
            rule.addToClusterRoleSelectors(new LabelSelectorBuilder().withMatchLabels(labels).build());
        }
        return new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata()
                .withAggregationRule(rule.build()).build();
    }

    private static ClusterRole role(String name, Map<String, String> labels, PolicyRule... rules) {
        return new ClusterRoleBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withRules(rules).build();
    }

    private static PolicyRule rule(String resource) {
        return new PolicyRuleBuilder().withApiGroups("").withResources(resource).withVerbs("get").build();
    }
}
