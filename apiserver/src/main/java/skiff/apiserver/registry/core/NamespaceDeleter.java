package skiff.apiserver.registry.core;

import java.util.Set;
import skiff.apiserver.registry.DeleteOptions;
import skiff.apiserver.registry.DeleteResult;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.status.StatusException;

/**
 * Namespace deletion as the API server does its part (k/k pkg/registry/core/namespace/storage/storage.go Delete):
 * the system namespaces may not be deleted; any other turns Terminating and stays, refusing new content, while the
 * "kubernetes" finalizer is in its spec.finalizers. The namespace controller deletes the content and then removes
 * that finalizer through the finalize subresource, which deletes the namespace once no finalizer is left.
 */
public final class NamespaceDeleter {
    // k/k plugin/pkg/admission/namespace/lifecycle/admission.go: the namespaces Kubernetes itself relies on are
    // immortal.
    private static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");

    private final ResourceStorage namespaces;

    public NamespaceDeleter(ResourceStorage namespaces) {
        this.namespaces = namespaces;
    }

    public DeleteResult delete(String name, DeleteOptions options) {
        if (IMMORTAL.contains(name)) {
            namespaces.get(null, name);
            throw StatusException.forbidden(namespaces.definition(), name, "this namespace may not be deleted");
        }
        return namespaces.delete(null, name, options);
    }
}
