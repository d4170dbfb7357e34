package skiff.apiserver.authz;

import java.util.ArrayList;
import java.util.List;
import skiff.apiserver.auth.UserInfo;
import tools.jackson.databind.JsonNode;

/**
 * Who a binding names (rbac.authorization.k8s.io/v1 Subject), and whether that is the caller (k/k
 * pkg/registry/rbac/validation/rule.go appliesToUser, 1.32).
 */
public record Subject(String kind, String apiGroup, String name, String namespace) {
    private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";

    public static List<Subject> all(JsonNode binding) {
        List<Subject> out = new ArrayList<>();
        for (JsonNode s : binding.path("subjects")) {
            out.add(new Subject(s.path("kind").asString(""), s.path("apiGroup").asString(""),
                    s.path("name").asString(""), s.path("namespace").asString("")));
        }
        return out;
    }

    /** A service account without a namespace is one of the binding's own namespace. */
    public boolean appliesTo(UserInfo user, String bindingNamespace) {
        return switch (kind) {
            case "User" -> user.name().equals(name);
            case "Group" -> user.inGroup(name);
            case "ServiceAccount" -> {
                String ns = namespace.isEmpty() ? bindingNamespace : namespace;
                yield !ns.isEmpty() && user.name().equals(SERVICE_ACCOUNT_PREFIX + ns + ":" + name);
            }
            default -> false;
        };
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
