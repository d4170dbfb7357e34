package skiff.apiserver.admission;

import java.util.List;
import java.util.Set;
import skiff.apiserver.status.StatusException;

/**
 * Keeps objects out of namespaces that are missing or being deleted, and keeps the namespaces Kubernetes relies on
 * (k/k staging/src/k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle/admission.go, 1.32: a mutating plugin).
 */
public final class NamespaceLifecycle implements MutatingAdmission {
    public static final String NAME = "NamespaceLifecycle";
    private static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");

    private final NamespaceLookup namespaces;

    public NamespaceLifecycle(NamespaceLookup namespaces) {
        this.namespaces = namespaces;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.CREATE, Operation.UPDATE, Operation.DELETE);
    }

    @Override
    public void admit(AdmissionRequest request) {
        boolean namespace = request.isCore("namespaces");
        if (namespace && request.operation() == Operation.DELETE && IMMORTAL.contains(request.name())) {
            throw StatusException.forbidden(request.resource(), request.name(), "this namespace may not be deleted");
        }
        // Cluster-scoped objects and namespaces themselves pass, as does any delete; access reviews, which would
        // leak whether a namespace exists, are not served here.
        if (namespace || !request.resource().namespaced() || request.operation() == Operation.DELETE) {
            return;
        }
        NamespaceLookup.State state = namespaces.state(request.namespace());
        if (state == NamespaceLookup.State.MISSING) {
            throw StatusException.namespaceNotFound(request.namespace());
        }
        if (request.operation() == Operation.CREATE && state == NamespaceLookup.State.TERMINATING) {
            throw AdmissionErrors.forbidden(request, "unable to create new content in namespace "
                    + request.namespace() + " because it is being terminated",
                    List.of(new StatusException.Cause("NamespaceTerminating",
                            "namespace " + request.namespace() + " is being terminated", "metadata.namespace")));
        }
    }
}
