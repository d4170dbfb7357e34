package skiff.controllers.disruption;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scale of the controllers owning a budget's pods, from the informer caches (k/k
 * pkg/controller/disruption/disruption.go getExpectedScale and its finders, 1.32): a ReplicaSet's replicas, or its
 * Deployment's when one controls it; a StatefulSet's; a ReplicationController's.
 */
record ControllerScales(Indexer<ReplicaSet> replicaSets, Indexer<Deployment> deployments,
        Indexer<StatefulSet> statefulSets, Indexer<ReplicationController> replicationControllers) {

    /** Why the expected count is unknown: a pod whose controller is none of the known kinds. */
    static final class NoController extends Exception {
        NoController(String podName) {
            super("found no controllers for pod \"" + podName + "\"", null, false, false);
        }
    }

    /** The total scale of the distinct controllers of {@code pods}; pods without a controller are listed. */
    record Scale(int expected, List<String> unmanaged) {}

    Scale of(Collection<Pod> pods) throws NoController {
        Map<String, Integer> byController = new HashMap<>();
        List<String> unmanaged = new java.util.ArrayList<>();
        for (Pod pod : pods) {
            Optional<OwnerReference> ref = controllerOf(pod.getMetadata().getOwnerReferences());
            if (ref.isEmpty()) {
                unmanaged.add(pod.getMetadata().getName());
                continue;
            }
            if (byController.containsKey(ref.get().getUid())) {
                continue;
            }
            ControllerScale found = find(ref.get(), pod.getMetadata().getNamespace())
                    .orElseThrow(() -> new NoController(pod.getMetadata().getName()));
            byController.put(found.uid(), found.scale());
        }
        return new Scale(byController.values().stream().mapToInt(Integer::intValue).sum(), unmanaged);
    }

    private record ControllerScale(String uid, int scale) {}

    private Optional<ControllerScale> find(OwnerReference ref, String namespace) {
        String group = ref.getApiVersion() == null ? "" : ref.getApiVersion().split("/")[0];
        return switch (ref.getKind() + "/" + group) {
            case "ReplicaSet/apps" -> owned(replicaSets, namespace, ref).flatMap(rs -> {
                // getPodDeployment: a ReplicaSet a Deployment controls counts as that Deployment.
                Optional<OwnerReference> parent = controllerOf(rs.getMetadata().getOwnerReferences())
                        .filter(p -> "Deployment".equals(p.getKind()));
                if (parent.isPresent()) {
                    return owned(deployments, namespace, parent.get())
                            .map(d -> new ControllerScale(d.getMetadata().getUid(), replicas(d.getSpec().getReplicas())));
                }
                return Optional.of(new ControllerScale(rs.getMetadata().getUid(), replicas(rs.getSpec().getReplicas())));
            });
            case "StatefulSet/apps" -> owned(statefulSets, namespace, ref)
                    .map(s -> new ControllerScale(s.getMetadata().getUid(), replicas(s.getSpec().getReplicas())));
            case "ReplicationController/v1" -> owned(replicationControllers, namespace, ref)
                    .map(r -> new ControllerScale(r.getMetadata().getUid(), replicas(r.getSpec().getReplicas())));
            default -> Optional.empty();
        };
    }

    private static <T extends HasMetadata> Optional<T> owned(Indexer<T> cache, String namespace, OwnerReference ref) {
        return Optional.ofNullable(cache.getByKey(namespace + "/" + ref.getName()))
                .filter(o -> o.getMetadata().getUid().equals(ref.getUid()));
    }

    private static int replicas(Integer replicas) {
        return replicas == null ? 1 : replicas;
    }

    static Optional<OwnerReference> controllerOf(List<OwnerReference> refs) {
        return refs == null ? Optional.empty()
                : refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
    }
}
