package skiff.apiserver.authz;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import skiff.apiserver.auth.UserInfo;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules that apply to a user in a namespace: those of the ClusterRoles bound by ClusterRoleBindings, then, in a
 * namespace, those of the roles bound there by RoleBindings (k/k pkg/registry/rbac/validation/rule.go
 * DefaultRuleResolver VisitRulesFor, 1.32). A binding to a missing role is an error that does not stop the walk.
 */
public final class RuleResolver {
    /** Sees each rule with where it comes from, or an error; returns false to stop. */
    public interface Visitor {
        boolean visit(String source, PolicyRule rule, String error);
    }

    /** The rules found and the errors met on the way. */
    public record Rules(List<PolicyRule> rules, List<String> errors) {}

    private final PolicySource source;

    public RuleResolver(PolicySource source) {
        this.source = source;
    }

    public void visitRulesFor(UserInfo user, String namespace, Visitor visitor) {
        for (ObjectNode binding : source.clusterRoleBindings()) {
            Subject subject = Subject.firstApplying(binding, user, "");
            if (subject != null) {
                RoleRef ref = RoleRef.of(binding);
                String from = "ClusterRoleBinding " + RequestAttributes.quote(name(binding)) + " of " + ref.kind()
                        + " " + RequestAttributes.quote(ref.name()) + " to " + subject.describe("");
                if (!visitRole(ref, "", from, visitor)) {
                    return;
                }
            }
        }
        if (namespace.isEmpty()) {
            return;
        }
        for (ObjectNode binding : source.roleBindings(namespace)) {
            Subject subject = Subject.firstApplying(binding, user, namespace);
            if (subject != null) {
                RoleRef ref = RoleRef.of(binding);
                String from = "RoleBinding " + RequestAttributes.quote(name(binding) + "/" + namespace) + " of "
                        + ref.kind() + " " + RequestAttributes.quote(ref.name()) + " to " + subject.describe(namespace);
                if (!visitRole(ref, namespace, from, visitor)) {
                    return;
                }
            }
        }
    }

    private boolean visitRole(RoleRef ref, String namespace, String from, Visitor visitor) {
        Optional<List<PolicyRule>> rules = roleReferenceRules(ref, namespace);
        if (rules.isEmpty()) {
            return visitor.visit(from, null, notFound(ref));
        }
        for (PolicyRule rule : rules.get()) {
            if (!visitor.visit(from, rule, null)) {
                return false;
            }
        }
        return true;
    }

    /** Every rule that applies to {@code user} in {@code namespace} ("" for the cluster scope). */
    public Rules rulesFor(UserInfo user, String namespace) {
        List<PolicyRule> rules = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        visitRulesFor(user, namespace, (from, rule, error) -> {
            if (rule != null) {
                rules.add(rule);
            }
            if (error != null) {
                errors.add(error);
            }
            return true;
        });
        return new Rules(rules, errors);
    }

    /** The rules of the role a binding in {@code namespace} refers to; empty when it does not exist. */
    public Optional<List<PolicyRule>> roleReferenceRules(RoleRef ref, String namespace) {
        Optional<ObjectNode> role = switch (ref.kind()) {
            case "ClusterRole" -> source.clusterRole(ref.name());
            case "Role" -> source.role(namespace, ref.name());
            default -> Optional.empty();
        };
        return role.map(r -> PolicyRule.all(r.path("rules")));
    }

    // The listers' NotFound errors name the singular resource: clusterrole.rbac.authorization.k8s.io "x" not found.
    public static String notFound(RoleRef ref) {
        String resource = ref.clusterRole() ? "clusterrole" : "role";
        return resource + ".rbac.authorization.k8s.io " + RequestAttributes.quote(ref.name()) + " not found";
    }

    private static String name(ObjectNode object) {
        return object.path("metadata").path("name").asString("");
    }
}
