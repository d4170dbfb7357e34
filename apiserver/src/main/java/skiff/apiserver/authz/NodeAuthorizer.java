package skiff.apiserver.authz;

import java.util.List;
import java.util.Optional;

/**
 * Decides kubelets' requests (k/k plugin/pkg/auth/authorizer/node/node_authorizer.go, 1.32): a node reads and writes
 * only what a {@link NodeRule} relates to it; its requests to other resources are allowed by the system:node role's
 * rules, which k/k binds to no one. Anyone who is not a node gets no opinion, leaving the request to RBAC.
 */
public final class NodeAuthorizer implements Authorizer {
    private final NodeRelations graph;
    private final List<PolicyRule> nodeRules;

    public NodeAuthorizer(NodeRelations graph, List<PolicyRule> nodeRules) {
        this.graph = graph;
        this.nodeRules = List.copyOf(nodeRules);
    }

    @Override
    public Decision authorize(RequestAttributes request) {
        Optional<String> node = NodeIdentity.nodeName(request.user());
        if (node.isEmpty()) {
            return Decision.noOpinion("");
        }
        if (node.get().isEmpty()) {
            return Decision.noOpinion("unknown node for user " + RequestAttributes.quote(request.user().name()));
        }
        for (NodeRule rule : NodeRule.values()) {
            if (rule.covers(request)) {
                return rule.decide(node.get(), request, graph);
            }
        }
        return nodeRules.stream().anyMatch(r -> r.allows(request)) ? Decision.allow("") : Decision.noOpinion("");
    }
}
