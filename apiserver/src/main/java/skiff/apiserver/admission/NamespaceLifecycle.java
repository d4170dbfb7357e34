package skiff.apiserver.admission;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import skiff.api.time.Clock;
import skiff.apiserver.status.StatusException;

/**
 * Keeps objects out of namespaces that are missing or being deleted, and keeps the namespaces Kubernetes relies on
 * (k/k staging/src/k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle/admission.go, 1.32: a mutating plugin).
 * Namespaces are read from the watch cache, as there from an informer, and from the store only when the cache lacks
 * one (just created) or one was deleted through here lately, while the cache may still show it active.
 */
public final class NamespaceLifecycle implements MutatingAdmission {
    public static final String NAME = "NamespaceLifecycle";
    private static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");

    // lifecycle/admission.go forceLiveLookupTTL.
    private static final Duration FORCE_LIVE_LOOKUP = Duration.ofSeconds(30);

    private final NamespaceLookup namespaces;
    private final Clock clock;
    private final Map<String, Instant> deletedLately = new ConcurrentHashMap<>();

    public NamespaceLifecycle(NamespaceLookup namespaces, Clock clock) {
        this.namespaces = namespaces;
        this.clock = clock;
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
        if (namespace && request.operation() == Operation.DELETE) {
            Instant now = clock.now();
            deletedLately.values().removeIf(until -> !until.isAfter(now));
            deletedLately.put(request.name(), now.plus(FORCE_LIVE_LOOKUP));
        }
        // Cluster-scoped objects and namespaces themselves pass, as does any delete; access reviews, which would
        // leak whether a namespace exists, are not served here.
        if (namespace || !request.resource().namespaced() || request.operation() == Operation.DELETE) {
            return;
        }
        NamespaceLookup.State state = namespaces.state(request.namespace(), false);
        if (state == NamespaceLookup.State.ACTIVE && deletedLately(request.namespace())) {
            state = namespaces.state(request.namespace(), true);
        }
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

    private boolean deletedLately(String namespace) {
        Instant until = deletedLately.get(namespace);
        return until != null && until.isAfter(clock.now());
    }
}
