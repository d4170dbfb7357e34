package skiff.apiserver.authz;

import skiff.apiserver.auth.UserInfo;
import tools.jackson.databind.JsonNode;

/**
 * Who a binding names (rbac.authorization.k8s.io/v1 Subject), and whether that is the caller (k/k
 * pkg/registry/rbac/validation/rule.go appliesToUser, 1.32).
 */
public record Subject(String kind, String apiGroup, String name, String namespace) {
    private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

    /**
     * The first subject of {@code binding} that is {@code user}, or null (read in place: bindings are many and
     * checked on every request). A service account without a namespace is one of the binding's own namespace.
     */
    static Subject firstApplying(JsonNode binding, UserInfo user, String bindingNamespace) {
        for (JsonNode s : binding.path("subjects")) {
            String name = s.path("name").asString("");
            String kind = s.path("kind").asString("");
            boolean applies = switch (kind) {
                case "User" -> user.name().equals(name);
                case "Group" -> user.inGroup(name);
                case "ServiceAccount" -> {
                    String ns = s.path("namespace").asString("");
                    ns = ns.isEmpty() ? bindingNamespace : ns;
                    yield !ns.isEmpty() && user.name().equals(SERVICE_ACCOUNT_PREFIX + ns + ":" + name);
                }
                default -> false;
            };
            if (applies) {
                return new Subject(kind, s.path("apiGroup").asString(""), name, s.path("namespace").asString(""));
            }
        }
        return null;
    }

    // rbac.go describeSubject: a service account is printed as name/namespace.
    String describe(String bindingNamespace) {
        if (kind.equals("ServiceAccount")) {
            String ns = namespace.isEmpty() ? bindingNamespace : namespace;
            return kind + " " + RequestAttributes.quote(name + "/" + ns);
        }
        return kind + " " + RequestAttributes.quote(name);
    }
}
