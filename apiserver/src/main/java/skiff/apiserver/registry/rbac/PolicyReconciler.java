package skiff.apiserver.registry.rbac;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import skiff.api.json.Json;
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
 * Makes the bootstrap RBAC policy present at every start, as kube-apiserver's {@code rbac/bootstrap-roles} post-start
 * hook does (k/k pkg/registry/rbac/rest/storage_rbac.go and pkg/registry/rbac/reconciliation, 1.32): the default
 * ClusterRoles and ClusterRoleBindings, then the Roles and RoleBindings of kube-system and kube-public. A missing
 * object is created (a Role's or RoleBinding's namespace first, when it is missing too); one whose autoupdate
 * annotation is not "false" gains the rules, aggregation selectors, labels, annotations and subjects it lacks and
 * keeps what users added; a binding whose roleRef changed is recreated.
 */
public final class PolicyReconciler {
    private static final String GROUP = "rbac.authorization.k8s.io";
    private final ResourceStorage namespaces;
    private final ResourceStorage clusterRoles;
    private final ResourceStorage clusterRoleBindings;
    private final ResourceStorage roles;
    private final ResourceStorage roleBindings;

    public PolicyReconciler(Registries registries) {
        this.namespaces = registries.namespaces();
        this.clusterRoles = storage(registries, "clusterroles");
        this.clusterRoleBindings = storage(registries, "clusterrolebindings");
        this.roles = storage(registries, "roles");
        this.roleBindings = storage(registries, "rolebindings");
    }

    private static ResourceStorage storage(Registries registries, String resource) {
        return registries.forResource(registries.catalog().find(GROUP, "v1", resource).orElseThrow());
    }

    public void reconcile() {
        BootstrapPolicy.clusterRoles().forEach(role -> reconcileRole(clusterRoles, role));
        BootstrapPolicy.clusterRoleBindings().forEach(binding -> reconcileBinding(clusterRoleBindings, binding));
        BootstrapPolicy.roles().forEach(role -> reconcileRole(roles, role));
        BootstrapPolicy.roleBindings().forEach(binding -> reconcileBinding(roleBindings, binding));
    }

    private void reconcileRole(ResourceStorage storage, ObjectNode expected) {
        String namespace = namespaceOf(expected);
        String name = expected.path("metadata").path("name").asString();
        Optional<ObjectNode> found = storage.find(namespace, name);
        if (found.isEmpty()) {
            create(storage, expected);
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
            storage.update(namespace, name, result, WriteOptions.DEFAULT);
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

    private void reconcileBinding(ResourceStorage storage, ObjectNode expected) {
        String namespace = namespaceOf(expected);
        String name = expected.path("metadata").path("name").asString();
        Optional<ObjectNode> found = storage.find(namespace, name);
        if (found.isEmpty()) {
            create(storage, expected);
            return;
        }
        ObjectNode existing = found.get();
        if (protectedFromUpdate(existing)) {
            return;
        }
        if (!existing.path("roleRef").equals(expected.path("roleRef"))) {
            // reconcile_rolebindings.go: a changed roleRef cannot be updated; the binding is recreated.
            storage.delete(namespace, name, DeleteOptions.DEFAULT);
            create(storage, expected);
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
            storage.update(namespace, name, result, WriteOptions.DEFAULT);
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

    private static String namespaceOf(ObjectNode object) {
        JsonNode namespace = object.path("metadata").path("namespace");
        return namespace.isString() ? namespace.asString() : null;
    }

    private void create(ResourceStorage storage, ObjectNode object) {
        String namespace = namespaceOf(object);
        if (namespace != null) {
            ensureNamespace(namespace);
        }
        try {
            storage.create(namespace, object, WriteOptions.DEFAULT);
        } catch (StatusException e) {
            if (e.code() != 409) {
                throw e;
            }
        }
    }

    // k/k pkg/registry/rbac/reconciliation/namespace.go tryEnsureNamespace: a missing namespace is created first.
    private void ensureNamespace(String name) {
        if (namespaces.find(null, name).isPresent()) {
            return;
        }
        ObjectNode namespace = Json.object();
        namespace.put("apiVersion", "v1");
        namespace.put("kind", "Namespace");
        namespace.putObject("metadata").put("name", name);
        create(namespaces, namespace);
    }
}
