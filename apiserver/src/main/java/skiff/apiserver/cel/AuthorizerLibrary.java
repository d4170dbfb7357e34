package skiff.apiserver.cel;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import java.util.List;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.authz.Authorizer;
import skiff.apiserver.authz.Decision;
import skiff.apiserver.authz.RequestAttributes;

/**
 * Kubernetes' CEL authorizer library (k/k 1.32 staging/src/k8s.io/apiserver/pkg/cel/library/authz.go): from the
 * {@code authorizer} variable, {@code path(p)} or {@code group(g).resource(r)} with optional {@code subresource},
 * {@code namespace} and {@code name}, then {@code check(verb)}, whose decision says {@code allowed()},
 * {@code reason()}, {@code errored()} and {@code error()}; {@code serviceAccount(ns, name)} checks as that account.
 * The field and label selector checks are not there.
 */
public final class AuthorizerLibrary {
    public static final OpaqueType AUTHORIZER = OpaqueType.create("kubernetes.authorization.Authorizer");
    public static final OpaqueType PATH_CHECK = OpaqueType.create("kubernetes.authorization.PathCheck");
    public static final OpaqueType GROUP_CHECK = OpaqueType.create("kubernetes.authorization.GroupCheck");
    public static final OpaqueType RESOURCE_CHECK = OpaqueType.create("kubernetes.authorization.ResourceCheck");
    public static final OpaqueType DECISION = OpaqueType.create("kubernetes.authorization.Decision");

    private AuthorizerLibrary() {}

    /** The value of {@code authorizer}: checks as {@code user}. */
    public record AuthorizerValue(Authorizer authorizer, UserInfo user) {}

    record PathCheck(AuthorizerValue by, String path) {}

    record GroupCheck(AuthorizerValue by, String group) {}

    /** The value of {@code authorizer.requestResource}, or what a chain of calls built. */
    public record ResourceCheck(AuthorizerValue by, String group, String resource, String subresource,
            String namespace, String name) {
        ResourceCheck with(String subresource, String namespace, String name) {
            return new ResourceCheck(by, group, resource, subresource, namespace, name);
        }
    }

    record DecisionValue(Decision decision) {}

    static List<CelFunctionDecl> declarations() {
        CelType s = SimpleType.STRING;
        return List.of(
                member("path", "authorizer_path", PATH_CHECK, AUTHORIZER, s),
                member("group", "authorizer_group", GROUP_CHECK, AUTHORIZER, s),
                CelFunctionDecl.newFunctionDeclaration("serviceAccount", CelOverloadDecl.newMemberOverload(
                        "authorizer_serviceaccount", AUTHORIZER, AUTHORIZER, s, s)),
                member("resource", "groupcheck_resource", RESOURCE_CHECK, GROUP_CHECK, s),
                member("subresource", "resourcecheck_subresource", RESOURCE_CHECK, RESOURCE_CHECK, s),
                member("namespace", "resourcecheck_namespace", RESOURCE_CHECK, RESOURCE_CHECK, s),
                member("name", "resourcecheck_name", RESOURCE_CHECK, RESOURCE_CHECK, s),
                CelFunctionDecl.newFunctionDeclaration("check",
                        CelOverloadDecl.newMemberOverload("pathcheck_check", DECISION, PATH_CHECK, s),
                        CelOverloadDecl.newMemberOverload("resourcecheck_check", DECISION, RESOURCE_CHECK, s)),
                CelFunctionDecl.newFunctionDeclaration("allowed",
                        CelOverloadDecl.newMemberOverload("decision_allowed", SimpleType.BOOL, DECISION)),
                CelFunctionDecl.newFunctionDeclaration("reason",
                        CelOverloadDecl.newMemberOverload("decision_reason", s, DECISION)),
                CelFunctionDecl.newFunctionDeclaration("errored",
                        CelOverloadDecl.newMemberOverload("decision_errored", SimpleType.BOOL, DECISION)),
                CelFunctionDecl.newFunctionDeclaration("error",
                        CelOverloadDecl.newMemberOverload("decision_error", s, DECISION)));
    }

    private static CelFunctionDecl member(String function, String overload, OpaqueType result, OpaqueType target,
            CelType argument) {
        return CelFunctionDecl.newFunctionDeclaration(function,
                CelOverloadDecl.newMemberOverload(overload, result, target, argument));
    }

    static List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("authorizer_path", AuthorizerValue.class, String.class, PathCheck::new),
                CelFunctionBinding.from("authorizer_group", AuthorizerValue.class, String.class, GroupCheck::new),
                CelFunctionBinding.from("authorizer_serviceaccount", List.of(AuthorizerValue.class, String.class,
                        String.class), a -> serviceAccount((AuthorizerValue) a[0], (String) a[1], (String) a[2])),
                CelFunctionBinding.from("groupcheck_resource", GroupCheck.class, String.class,
                        (g, r) -> new ResourceCheck(g.by(), g.group(), r, "", "", "")),
                CelFunctionBinding.from("resourcecheck_subresource", ResourceCheck.class, String.class,
                        (r, v) -> r.with(v, r.namespace(), r.name())),
                CelFunctionBinding.from("resourcecheck_namespace", ResourceCheck.class, String.class,
                        (r, v) -> r.with(r.subresource(), v, r.name())),
                CelFunctionBinding.from("resourcecheck_name", ResourceCheck.class, String.class,
                        (r, v) -> r.with(r.subresource(), r.namespace(), v)),
                CelFunctionBinding.from("pathcheck_check", PathCheck.class, String.class, (p, verb) ->
                        new DecisionValue(p.by().authorizer().authorize(
                                RequestAttributes.nonResource(p.by().user(), verb, p.path())))),
                CelFunctionBinding.from("resourcecheck_check", ResourceCheck.class, String.class, (r, verb) ->
                        new DecisionValue(r.by().authorizer().authorize(new RequestAttributes(r.by().user(), verb,
                                true, "", r.group(), "*", r.resource(), r.subresource(), r.namespace(), r.name(),
                                "")))),
                CelFunctionBinding.from("decision_allowed", DecisionValue.class, d -> d.decision().allowed()),
                CelFunctionBinding.from("decision_reason", DecisionValue.class, d -> d.decision().reason()),
                CelFunctionBinding.from("decision_errored", DecisionValue.class, d -> false),
                CelFunctionBinding.from("decision_error", DecisionValue.class, d -> ""));
    }

    // authz.go authorizerVal.serviceAccount: the account's user name and groups (serviceaccount.UserInfo).
    private static AuthorizerValue serviceAccount(AuthorizerValue by, String namespace, String name) {
        UserInfo account = new UserInfo("system:serviceaccount:" + namespace + ":" + name, "",
                List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace), java.util.Map.of());
        return new AuthorizerValue(by.authorizer(), account);
    }
}
