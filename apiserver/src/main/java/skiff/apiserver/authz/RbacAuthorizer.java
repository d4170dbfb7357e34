package skiff.apiserver.authz;

import java.util.ArrayList;
import java.util.List;
import skiff.apiserver.auth.UserInfo;

/**
 * Decides requests: members of {@code system:masters} may do anything (k/k pkg/kubeapiserver/authorizer
 * NewPrivilegedGroups), everyone else what an RBAC rule bound to them allows (k/k plugin/pkg/auth/authorizer/rbac/
 * rbac.go RBACAuthorizer.Authorize, 1.32). Nothing is ever denied outright: no rule is "no opinion".
 */
public final class RbacAuthorizer implements Authorizer {
    private final RuleResolver resolver;

    public RbacAuthorizer(PolicySource source) {
        this.resolver = new RuleResolver(source);
    }

    public RuleResolver resolver() {
        return resolver;
    }

    @Override
    public Decision authorize(RequestAttributes request) {
        if (request.user().inGroup(UserInfo.MASTERS)) {
            return Decision.allow("");
        }
        String[] allowedBy = {null};
        List<String> errors = new ArrayList<>();
        resolver.visitRulesFor(request.user(), request.namespace(), (from, rule, error) -> {
            if (rule != null && rule.allows(request)) {
                allowedBy[0] = from;
                return false;
            }
            if (error != null) {
                errors.add(error);
            }
            return true;
        });
        if (allowedBy[0] != null) {
            return Decision.allow("RBAC: allowed by " + allowedBy[0]);
        }
        if (errors.isEmpty()) {
            return Decision.noOpinion("");
        }
        // apimachinery util/errors aggregate: one error as itself, several as "[a, b]".
        return Decision.noOpinion("RBAC: " + (errors.size() == 1 ? errors.get(0)
                : "[" + String.join(", ", errors) + "]"));
    }
}
