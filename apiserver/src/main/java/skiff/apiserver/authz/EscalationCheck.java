package skiff.apiserver.authz;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import skiff.apiserver.admission.AdmissionRequest;
import skiff.apiserver.admission.Operation;
import skiff.apiserver.admission.ValidatingAdmission;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * No one grants what they do not hold (k/k pkg/registry/rbac/role, clusterrole, rolebinding and clusterrolebinding
 * policybased/storage.go, pkg/registry/rbac/escalation_check.go and validation/rule.go ConfirmNoEscalation, 1.32):
 * writing a role with rules the writer lacks needs {@code escalate} on it, binding a role the writer does not hold
 * needs {@code bind} on it, and an aggregation rule needs every permission. {@code system:masters} and the server's
 * own writes pass.
 */
public final class EscalationCheck implements ValidatingAdmission {
    private static final String GROUP = "rbac.authorization.k8s.io";
    private static final List<PolicyRule> FULL_AUTHORITY =
            List.of(PolicyRule.resource(List.of("*"), List.of("*"), List.of("*"), List.of()));

    private final RbacAuthorizer authorizer;

    public EscalationCheck(RbacAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public String name() {
        return "RBACEscalation";
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.CREATE, Operation.UPDATE);
    }

    @Override
    public void validate(AdmissionRequest request) {
        UserInfo user = request.user();
        if (user == null || user.inGroup(UserInfo.MASTERS) || !request.mainResource()) {
            return;
        }
        if (request.oldObject() != null && onlyGarbageCollectionFields(request.object(), request.oldObject())) {
            return;
        }
        String namespace = request.namespace() == null ? "" : request.namespace();
        String resource = request.resource().resource();
        String name = request.object().path("metadata").path("name").asString("");
        switch (resource) {
            case "roles", "clusterroles" -> checkRole(request, user, namespace, resource, name);
            case "rolebindings", "clusterrolebindings" -> checkBinding(request.object(), user, namespace, resource,
                    name);
            default -> { }
        }
    }

    private void checkRole(AdmissionRequest request, UserInfo user, String namespace, String resource, String name) {
        if (authorized(user, "escalate", resource, namespace, name)) {
            return;
        }
        List<PolicyRule> rules = PolicyRule.all(request.object().path("rules"));
        confirmNoEscalation(user, namespace, rules, resource, name);
        if (hasAggregation(request.object()) || request.oldObject() != null && hasAggregation(request.oldObject())) {
            if (!missing(user, namespace, FULL_AUTHORITY).isEmpty()) {
                throw StatusException.forbiddenRequest(GROUP, resource, name,
                        "must have cluster-admin privileges to use the aggregationRule");
            }
        }
    }

    private void checkBinding(ObjectNode binding, UserInfo user, String namespace, String resource, String name) {
        RoleRef ref = RoleRef.of(binding);
        if (authorized(user, "bind", ref.clusterRole() ? "clusterroles" : "roles", namespace, ref.name())) {
            return;
        }
        List<PolicyRule> rules = authorizer.resolver().roleReferenceRules(ref, namespace)
                .orElseThrow(() -> StatusException.forbiddenRequest(GROUP, resource, name, RuleResolver.notFound(ref)));
        confirmNoEscalation(user, namespace, rules, resource, name);
    }

    private boolean authorized(UserInfo user, String verb, String resource, String namespace, String name) {
        return authorizer.authorize(RequestAttributes.resource(user, verb, GROUP, resource, "", namespace, name))
                .allowed();
    }

    // validation/rule.go ConfirmNoEscalation: the missing rules, compacted, one per line in sorted order.
    private void confirmNoEscalation(UserInfo user, String namespace, List<PolicyRule> rules, String resource,
            String name) {
        RuleResolver.Rules owned = authorizer.resolver().rulesFor(user, namespace);
        List<PolicyRule> missing = RuleCoverage.missing(owned.rules(), rules);
        if (missing.isEmpty()) {
            return;
        }
        TreeSet<String> lines = new TreeSet<>();
        missing.forEach(r -> lines.add(r.compactString()));
        String message = "user " + RequestAttributes.quote(user.name()) + " (groups="
                + PolicyRule.goQuoted(user.groups()) + ") is attempting to grant RBAC permissions not currently held:\n" + String.join("\n", lines);
        if (!owned.errors().isEmpty()) {
            message += "; resolution errors: [" + String.join(" ", owned.errors()) + "]";
        }
        throw StatusException.forbiddenRequest(GROUP, resource, name, message);
    }

    private List<PolicyRule> missing(UserInfo user, String namespace, List<PolicyRule> rules) {
        return RuleCoverage.missing(authorizer.resolver().rulesFor(user, namespace).rules(), rules);
    }

    // pkg/registry/rbac/helpers.go IsOnlyMutatingGCFields: an update of owner references and finalizers alone
    // (what the garbage collector writes) grants nothing.
    private static boolean onlyGarbageCollectionFields(ObjectNode object, ObjectNode old) {
        return withoutGarbageCollectionFields(object).equals(withoutGarbageCollectionFields(old));
    }

    private static ObjectNode withoutGarbageCollectionFields(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        if (copy.get("metadata") instanceof ObjectNode meta) {
            meta.remove(List.of("ownerReferences", "finalizers", "managedFields", "resourceVersion", "selfLink"));
        }
        return copy;
    }

    private static boolean hasAggregation(JsonNode role) {
        return !role.path("aggregationRule").path("clusterRoleSelectors").isEmpty();
    }
}
