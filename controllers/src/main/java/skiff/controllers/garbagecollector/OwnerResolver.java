package skiff.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import skiff.controllers.framework.ServedResource;

/**
 * Finds out what each owner reference of a dependent leads to (k/k garbagecollector.go isDangling and
 * classifyReferences). An owner in the caches and not deleting in the foreground is solid; anything else is read
 * live, because a cache that has not seen an owner yet must not get its dependents deleted.
 */
final class OwnerResolver {
    private final DependencyGraph graph;
    private final MetadataClient api;
    private final AbsentOwnerCache absent;

    OwnerResolver(DependencyGraph graph, MetadataClient api, AbsentOwnerCache absent) {
        this.graph = graph;
        this.api = api;
        this.absent = absent;
    }

    List<ResolvedOwner> resolve(ObjectIdentity dependent, List<OwnerReference> refs) {
        List<ResolvedOwner> result = new ArrayList<>();
        for (OwnerReference ref : refs) {
            result.add(new ResolvedOwner(ref.getUid(), state(dependent, ref)));
        }
        return result;
    }

    private OwnerState state(ObjectIdentity dependent, OwnerReference ref) {
        ServedResource resource = api.resource(ref.getApiVersion(), ref.getKind()).orElseThrow(
                () -> new IllegalStateException("owner kind " + ref.getKind() + " in " + ref.getApiVersion()
                        + " of " + dependent + " is not served"));
        // k/k garbagecollector.go isDangling: a cluster-scoped dependent cannot have a namespaced owner.
        if (resource.namespaced() && dependent.namespace() == null) {
            return OwnerState.INVALID_NAMESPACE;
        }
        if (absent.contains(ref.getUid())) {
            return OwnerState.DANGLING;
        }
        ObjectIdentity owner = new ObjectIdentity(ref.getApiVersion(), ref.getKind(),
                resource.namespaced() ? dependent.namespace() : null, ref.getName(), ref.getUid());
        Optional<DependencyGraph.Node> cached = graph.node(ref.getUid());
        if (cached.isPresent() && sameObject(cached.get().identity(), owner)
                && !Finalizers.deletingDependents(cached.get().object())) {
            return OwnerState.SOLID;
        }
        Optional<GenericKubernetesResource> live = api.get(owner);
        if (live.isEmpty()) {
            absent.add(ref.getUid());
            return OwnerState.DANGLING;
        }
        return Finalizers.deletingDependents(live.get())
                ? OwnerState.WAITING_FOR_DEPENDENTS_DELETION : OwnerState.SOLID;
    }

    private static boolean sameObject(ObjectIdentity cached, ObjectIdentity wanted) {
        return Objects.equals(cached.namespace(), wanted.namespace()) && cached.name().equals(wanted.name());
    }
}
