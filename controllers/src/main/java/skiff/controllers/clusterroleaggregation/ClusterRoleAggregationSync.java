package skiff.controllers.clusterroleaggregation;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.cache.Store;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import skiff.controllers.framework.SyncResult;

/** One check of one aggregated ClusterRole: its rules become the union of those of the roles it selects. */
final class ClusterRoleAggregationSync {
    private final Store<ClusterRole> roles;
    private final KubernetesClient client;

    ClusterRoleAggregationSync(Store<ClusterRole> roles, KubernetesClient client) {
        this.roles = roles;
        this.client = client;
    }

    SyncResult sync(String name) {
        ClusterRole role = roles.getByKey(name);
        if (role == null || role.getAggregationRule() == null) {
            return SyncResult.done();
        }
        List<PolicyRule> rules = aggregatedRules(role, roles.list());
        List<PolicyRule> current = role.getRules() == null ? List.of() : role.getRules();
        if (rules.equals(current)) {
            return SyncResult.done();
        }
        try {
            // A merge patch of the rules alone: the controller owns them, whatever else changed meanwhile.
            client.rbac().clusterRoles().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                    Serialization.asJson(Map.of("rules", rules)));
        } catch (KubernetesClientException e) {
            return SyncResult.retry("update clusterrole " + name + ": " + e.getMessage());
        }
        return SyncResult.done();
    }

    /**
     * clusterroleaggregation_controller.go syncClusterRole: for each selector in turn, the rules of the matching
     * roles other than this one, by name, each rule once.
     */
    static List<PolicyRule> aggregatedRules(ClusterRole role, List<ClusterRole> all) {
        List<ClusterRole> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(r -> r.getMetadata().getName()));
        List<PolicyRule> rules = new ArrayList<>();
        List<LabelSelector> selectors = role.getAggregationRule().getClusterRoleSelectors();
        for (LabelSelector selector : selectors == null ? List.<LabelSelector>of() : selectors) {
            skiff.api.selector.LabelSelector matcher = skiff.api.selector.LabelSelector.fromFabric8(selector);
            for (ClusterRole other : sorted) {
                if (other.getMetadata().getName().equals(role.getMetadata().getName())) {
                    continue;
                }
                Map<String, String> labels = other.getMetadata().getLabels();
                if (!matcher.matches(labels == null ? Map.of() : labels)) {
                    continue;
                }
                for (PolicyRule rule : other.getRules() == null ? List.<PolicyRule>of() : other.getRules()) {
                    if (!rules.contains(rule)) {
                        rules.add(rule);
                    }
                }
            }
        }
        return rules;
    }
}
