package skiff.apiserver.authz;

import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * What a node may do to the resources the Node authorizer subdivides (k/k plugin/pkg/auth/authorizer/node/
 * node_authorizer.go NodeAuthorizer.Authorize, 1.32, with AuthorizeNodeWithSelectors on as it is by default). Each
 * rule covers one resource and decides a node's request to it, saying in its reason why it has no opinion; requests
 * to other resources are held to the system:node role's rules.
 */
enum NodeRule {
    // authorizeReadNamespacedObject: a secret a pod bound to the node references.
    SECRETS("", "secrets") {
        @Override
        Decision decide(String node, RequestAttributes a, NodeRelations graph) {
            return readNamespaced(node, a, () -> graph.secret(node, a.namespace(), a.name()));
        }
    },
    // authorizeReadNamespacedObject: a config map a pod bound to the node references.
    CONFIG_MAPS("", "configmaps") {
        @Override
        Decision decide(String node, RequestAttributes a, NodeRelations graph) {
            return readNamespaced(node, a, () -> graph.configMap(node, a.namespace(), a.name()));
        }
    },
    // authorizeGet, and authorizeStatusUpdate for the status: a claim a pod bound to the node mounts.
    PERSISTENT_VOLUME_CLAIMS("", "persistentvolumeclaims") {
        @Override
        Decision decide(String node, RequestAttributes a, NodeRelations graph) {
            if (a.subresource().equals("status")) {
                if (!Set.of("update", "patch").contains(a.verb())) {
                    return Decision.noOpinion("can only get/update/patch this type");
                }
                return related(node, a, () -> graph.persistentVolumeClaim(node, a.namespace(), a.name()));
            }
            return get(node, a, () -> graph.persistentVolumeClaim(node, a.namespace(), a.name()));
        }
    },
    // authorizeGet: the volume a claim mounted by a pod bound to the node is bound to.
    PERSISTENT_VOLUMES("", "persistentvolumes") {
        @Override
        Decision decide(String node, RequestAttributes a, NodeRelations graph) {
            return get(node, a, () -> graph.persistentVolume(node, a.name()));
        }
    },
    // authorizeCreateToken: a token for the service account a pod bound to the node runs as.
    SERVICE_ACCOUNTS("", "serviceaccounts") {
        @Override
        Decision decide(String node, RequestAttributes a, NodeRelations graph) {
            if (!a.verb().equals("create") || a.name().isEmpty()) {
                return Decision.noOpinion("can only create tokens for individual service accounts");
            }
            if (!a.subresource().equals("token")) {
                return Decision.noOpinion("can only create token subresource of serviceaccount");
            }
            return related(node, a, () -> graph.serviceAccount(node, a.namespace(), a.name()));
        }
    },
    // authorizeLease: the node's own Lease in kube-node-lease (a create's name is NodeRestriction's to check).
    LEASES("coordination.k8s.io", "leases") {
        @Override
        Decision decide(String node, RequestAttributes a, NodeRelations graph) {
            if (!Set.of("get", "create", "update", "patch", "delete").contains(a.verb())) {
                return Decision.noOpinion("can only get, create, update, patch, or delete a node lease");
            }
            if (!a.namespace().equals(NODE_LEASE_NAMESPACE)) {
                return Decision.noOpinion("can only access leases in the \"" + NODE_LEASE_NAMESPACE
                        + "\" system namespace");
            }
            if (!a.verb().equals("create") && !a.name().equals(node)) {
                return Decision.noOpinion("can only access node lease with the same name as the requesting node");
            }
            return Decision.allow("");
        }
    },
    // authorizeNode: reads of its own Node only; writes are NodeRestriction's to limit to it.
    NODES("", "nodes") {
        @Override
        Decision decide(String node, RequestAttributes a, NodeRelations graph) {
            if (a.subresource().isEmpty()) {
                if (Set.of("create", "update", "patch").contains(a.verb())) {
                    return Decision.allow("");
                }
                if (Set.of("get", "list", "watch").contains(a.verb())) {
                    if (a.name().equals(node)) {
                        return Decision.allow("");
                    }
                    return Decision.noOpinion(a.name().isEmpty()
                            ? "node '" + node + "' cannot read all nodes, only its own Node object"
                            : "node '" + node + "' cannot read '" + a.name() + "', only its own Node object");
                }
            } else if (a.subresource().equals("status") && Set.of("update", "patch").contains(a.verb())) {
                return Decision.allow("");
            }
            return Decision.noOpinion("");
        }
    },
    // authorizePod: pods bound to the node, listed by spec.nodeName; creates, deletes, status writes and evictions
    // are NodeRestriction's to limit to them.
    PODS("", "pods") {
        @Override
        Decision decide(String node, RequestAttributes a, NodeRelations graph) {
            switch (a.subresource()) {
                case "" -> {
                    switch (a.verb()) {
                        case "get" -> {
                            return related(node, a, () -> graph.pod(node, a.namespace(), a.name()));
                        }
                        case "list", "watch" -> {
                            if (FieldSelectors.requiresEqual(a.fieldSelector(), "spec.nodeName", node)) {
                                return Decision.allow("");
                            }
                            if (!a.name().isEmpty()) {
                                return related(node, a, () -> graph.pod(node, a.namespace(), a.name()));
                            }
                            return Decision.noOpinion("can only list/watch pods with spec.nodeName field selector");
                        }
                        case "create", "delete" -> {
                            return Decision.allow("");
                        }
                        default -> { }
                    }
                }
                case "status" -> {
                    if (Set.of("update", "patch").contains(a.verb())) {
                        return Decision.allow("");
                    }
                }
                case "eviction" -> {
                    if (a.verb().equals("create")) {
                        return Decision.allow("");
                    }
                }
                default -> { }
            }
            return Decision.noOpinion("");
        }
    };

    static final String NODE_LEASE_NAMESPACE = "kube-node-lease";

    private final String group;
    private final String resource;

    NodeRule(String group, String resource) {
        this.group = group;
        this.resource = resource;
    }

    /** Whether this rule decides {@code a}. */
    boolean covers(RequestAttributes a) {
        return a.resourceRequest() && a.apiGroup().equals(group) && a.resource().equals(resource);
    }

    abstract Decision decide(String node, RequestAttributes a, NodeRelations graph);

    private static Decision readNamespaced(String node, RequestAttributes a, BooleanSupplier related) {
        if (!Set.of("get", "list", "watch").contains(a.verb())) {
            return Decision.noOpinion("can only read resources of this type");
        }
        if (!a.subresource().isEmpty()) {
            return Decision.noOpinion("cannot read subresource");
        }
        if (a.namespace().isEmpty()) {
            return Decision.noOpinion("can only read namespaced object of this type");
        }
        return related(node, a, related);
    }

    private static Decision get(String node, RequestAttributes a, BooleanSupplier related) {
        if (!a.verb().equals("get")) {
            return Decision.noOpinion("can only get individual resources of this type");
        }
        if (!a.subresource().isEmpty()) {
            return Decision.noOpinion("cannot get subresource");
        }
        return related(node, a, related);
    }

    private static Decision related(String node, RequestAttributes a, BooleanSupplier related) {
        if (a.name().isEmpty()) {
            return Decision.noOpinion("No Object name found");
        }
        if (!related.getAsBoolean()) {
            return Decision.noOpinion("no relationship found between node '" + node + "' and this object");
        }
        return Decision.allow("");
    }
}
