package skiff.apiserver.authz;

import java.util.ArrayList;
import java.util.List;

/**
 * Several authorizers asked in order, the first to allow deciding (k/k apiserver pkg/authorization/union, 1.32, as
 * {@code --authorization-mode=Node,RBAC} builds it). When none allows, the reasons they gave are joined by newlines.
 */
public final class UnionAuthorizer implements Authorizer {
    private final List<Authorizer> authorizers;

    public UnionAuthorizer(List<Authorizer> authorizers) {
        this.authorizers = List.copyOf(authorizers);
    }

    @Override
    public Decision authorize(RequestAttributes request) {
        List<String> reasons = new ArrayList<>();
        for (Authorizer authorizer : authorizers) {
            Decision decision = authorizer.authorize(request);
            if (decision.allowed()) {
                return decision;
            }
            if (!decision.reason().isEmpty()) {
                reasons.add(decision.reason());
            }
        }
        return Decision.noOpinion(String.join("\n", reasons));
    }
}
