package skiff.apiserver.registry.rbac;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import skiff.apiserver.authz.PolicyRule;
import skiff.apiserver.authz.RuleCoverage;
import skiff.apiserver.registry.DeleteOptions;
import skiff.apiserver.registry.Registries;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.WriteOptions;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes the default ClusterRoles and ClusterRoleBindings present at every start, as kube-apiserver's
 * {@code rbac/bootstrap-roles} post-start hook does (k/k pkg/registry/rbac/rest/storage_rbac.go and
 * pkg/registry/rbac/reconciliation, 1.32): a missing object is created; one whose autoupdate annotation is not
 * "false" gains the rules, aggregation selectors, labels, annotations and subjects it lacks and keeps what users
 * added; a binding whose roleRef changed is recreated.
 */
public final class PolicyReconciler {
    private static final String GROUP = "rbac.authorization.k8s.io";
    private final ResourceStorage clusterRoles;
    private final ResourceStorage clusterRoleBindings;

    public PolicyReconciler(Registries registries) {
        this.clusterRoles = registries.forResource(
                registries.catalog().find(GROUP, "v1", "clusterroles").orElseThrow());
        this.clusterRoleBindings = registries.forResource(
                registries.catalog().find(GROUP, "v1", "clusterrolebindings").orElseThrow());
    }

    public void reconcile() {
        BootstrapPolicy.clusterRoles().forEach(this::reconcileRole);
        BootstrapPolicy.clusterRoleBindings().forEach(this::reconcileBinding);
    }

    private void reconcileRole(ObjectNode expected) {
        String name = expected.path("metadata").path("name").asString();
        Optional<ObjectNode> found = clusterRoles.find(null, name);
        if (found.isEmpty()) {
            create(clusterRoles, expected);
            return;
        }
        ObjectNode existing = found.get();
        if (protectedFromUpdate(existing)) {
            return;
        }
        ObjectNode result = existing.deepCopy();
        mergeMetadata(result, expected);
        List<PolicyRule> missing = missingPieces(PolicyRule.all(existing.path("rules")),
                PolicyRule.all(expected.path("rules")));
        if (!missing.isEmpty()) {
            ArrayNode rules = result.has("rules") && result.get("rules").isArray()
                    ? (ArrayNode) result.get("rules") : result.putArray("rules");
            missing.forEach(r -> rules.add(r.toJson()));
        }
        JsonNode selectors = expected.path("aggregationRule").path("clusterRoleSelectors");
        if (!selectors.isEmpty()) {
            ObjectNode aggregation = result.get("aggregationRule") instanceof ObjectNode a ? a
                    : result.putObject("aggregationRule");
            ArrayNode have = aggregation.get("clusterRoleSelectors") instanceof ArrayNode s ? s
                    : aggregation.putArray("clusterRoleSelectors");
            for (JsonNode selector : selectors) {
                if (!contains(have, selector)) {
                    have.add(selector.deepCopy());
                }
            }
        }
        if (!result.equals(existing)) {
            clusterRoles.update(null, name, result, WriteOptions.DEFAULT);
        }
    }

    // reconciliation/reconcile_role.go computeReconciledRole: the broken-down rules that the existing ones miss.
    private static List<PolicyRule> missingPieces(List<PolicyRule> existing, List<PolicyRule> expected) {
        List<PolicyRule> missing = new ArrayList<>();
        for (PolicyRule rule : expected) {
            if (!RuleCoverage.missing(existing, List.of(rule)).isEmpty()) {
                missing.addAll(RuleCoverage.missing(existing, List.of(rule)));
            }
        }
        return missing;
    }

    private void reconcileBinding(ObjectNode expected) {
        String name = expected.path("metadata").path("name").asString();
        Optional<ObjectNode> found = clusterRoleBindings.find(null, name);
        if (found.isEmpty()) {
            create(clusterRoleBindings, expected);
            return;
        }
        ObjectNode existing = found.get();
        if (protectedFromUpdate(existing)) {
            return;
        }
        if (!existing.path("roleRef").equals(expected.path("roleRef"))) {
            // reconcile_rolebindings.go: a changed roleRef cannot be updated; the binding is recreated.
            clusterRoleBindings.delete(null, name, DeleteOptions.DEFAULT);
            create(clusterRoleBindings, expected);
            return;
        }
        ObjectNode result = existing.deepCopy();
        mergeMetadata(result, expected);
        ArrayNode subjects = result.get("subjects") instanceof ArrayNode s ? s : result.putArray("subjects");
        for (JsonNode subject : expected.path("subjects")) {
            if (!contains(subjects, subject)) {
                subjects.add(subject.deepCopy());
            }
        }
        if (!result.equals(existing)) {
            clusterRoleBindings.update(null, name, result, WriteOptions.DEFAULT);
        }
    }

    private static boolean protectedFromUpdate(ObjectNode existing) {
        return existing.path("metadata").path("annotations").path(BootstrapPolicy.AUTOUPDATE).asString("")
                .equals("false");
    }

    // Labels and annotations: the expected ones, with the existing values winning.
    private static void mergeMetadata(ObjectNode result, ObjectNode expected) {
        ObjectNode meta = (ObjectNode) result.get("metadata");
        for (String field : List.of("labels", "annotations")) {
            ObjectNode have = meta.get(field) instanceof ObjectNode m ? m : meta.putObject(field);
            expected.path("metadata").path(field).properties().forEach(e -> {
                if (!have.has(e.getKey())) {
                    have.set(e.getKey(), e.getValue().deepCopy());
                }
            });
        }
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode n : array) {
            if (n.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static void create(ResourceStorage storage, ObjectNode object) {
        try {
            storage.create(null, object, WriteOptions.DEFAULT);
        } catch (StatusException e) {
            if (e.code() != 409) {
                throw e;
            }
        }
    }
}
