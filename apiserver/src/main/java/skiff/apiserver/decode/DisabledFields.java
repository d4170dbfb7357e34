package skiff.apiserver.decode;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields of the 1.32 API behind feature gates that are off by default there: a 1.32 server takes them and drops
 * them before storing, as if never sent (k/k pkg/api/pod/util.go dropDisabledFields, pkg/registry/coordination/lease
 * and apps/statefulset strategy.go; gate defaults from pkg/features/kube_features.go, 1.32).
 */
final class DisabledFields {
    private static final Map<Class<?>, List<String>> DROPPED = Map.of(
            // PodLevelResources (alpha), DynamicResourceAllocation (beta, off), UserNamespacesSupport (beta, off).
            PodSpec.class, List.of("resources", "resourceClaims", "hostUsers"),
            // SupplementalGroupsPolicy (alpha), SELinuxChangePolicy (alpha).
            PodSecurityContext.class, List.of("supplementalGroupsPolicy", "seLinuxChangePolicy"),
            // InPlacePodVerticalScaling (alpha).
            Container.class, List.of("resizePolicy"),
            EphemeralContainer.class, List.of("resizePolicy"),
            // DynamicResourceAllocation: a container's claims.
            ResourceRequirements.class, List.of("claims"),
            // ClusterTrustBundleProjection (alpha).
            VolumeProjection.class, List.of("clusterTrustBundle"),
            // CoordinatedLeaderElection (alpha).
            LeaseSpec.class, List.of("strategy", "preferredHolder"),
            // MaxUnavailableStatefulSet (alpha).
            RollingUpdateStatefulSetStrategy.class, List.of("maxUnavailable"));
    private static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");

    private DisabledFields() {}

    /** Drops from {@code object}, a decoded struct of {@code model}, what its disabled features add. */
    static void drop(Class<?> model, ObjectNode object) {
        DROPPED.getOrDefault(model, List.of()).forEach(object::remove);
        if (model == PodSpec.class) {
            dropImageVolumes(object);
        }
        // ProcMountType (beta, off): a procMount present is forced to Default, not removed.
        if (model == SecurityContext.class && object.hasNonNull("procMount")) {
            object.put("procMount", "Default");
        }
    }

    // ImageVolume (alpha): image volumes go, and so do the mounts of them.
    private static void dropImageVolumes(ObjectNode spec) {
        if (!(spec.get("volumes") instanceof ArrayNode volumes)) {
            return;
        }
        Set<String> dropped = new HashSet<>();
        for (int i = volumes.size() - 1; i >= 0; i--) {
            if (volumes.get(i).hasNonNull("image")) {
                dropped.add(volumes.get(i).path("name").asString(""));
                volumes.remove(i);
            }
        }
        if (dropped.isEmpty()) {
            return;
        }
        if (volumes.isEmpty()) {
            spec.remove("volumes");
        }
        for (String list : CONTAINER_LISTS) {
            for (JsonNode container : spec.path(list)) {
                if (container.get("volumeMounts") instanceof ArrayNode mounts) {
                    for (int i = mounts.size() - 1; i >= 0; i--) {
                        if (dropped.contains(mounts.get(i).path("name").asString(""))) {
                            mounts.remove(i);
                        }
                    }
                    if (mounts.isEmpty()) {
                        ((ObjectNode) container).remove("volumeMounts");
                    }
                }
            }
        }
    }
}
