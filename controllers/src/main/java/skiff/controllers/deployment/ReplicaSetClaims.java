package skiff.controllers.deployment;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import skiff.api.selector.LabelSelector;
import skiff.controllers.framework.ControllerOwner;

/**
 * Which replica sets a deployment owns (k/k controller_ref_manager.go ClaimReplicaSets): its own sets that still
 * match its selector; orphans that match are adopted; its own sets that stopped matching are released.
 */
final class ReplicaSetClaims {
    private final KubernetesClient client;

    ReplicaSetClaims(KubernetesClient client) {
        this.client = client;
    }

    List<ReplicaSet> claim(Deployment d, List<ReplicaSet> inNamespace) {
        LabelSelector selector = LabelSelector.fromFabric8(d.getSpec().getSelector());
        String uid = d.getMetadata().getUid();
        List<ReplicaSet> claimed = new ArrayList<>();
        for (ReplicaSet rs : inNamespace) {
            Optional<OwnerReference> owner = ControllerOwner.of(rs);
            boolean matches = selector.matches(labels(rs));
            if (owner.isPresent() && uid.equals(owner.get().getUid())) {
                if (matches || d.getMetadata().getDeletionTimestamp() != null) {
                    claimed.add(rs);
                } else {
                    release(rs, uid);
                }
            } else if (owner.isEmpty() && matches && rs.getMetadata().getDeletionTimestamp() == null
                    && d.getMetadata().getDeletionTimestamp() == null && stillExists(d)) {
                claimed.add(adopt(rs, d));
            }
        }
        return claimed;
    }

    /** An uncached read before adopting: a deployment deleted and recreated under the same name must not adopt. */
    private boolean stillExists(Deployment d) {
        Deployment fresh = client.apps().deployments().inNamespace(d.getMetadata().getNamespace())
                .withName(d.getMetadata().getName()).get();
        return fresh != null && d.getMetadata().getUid().equals(fresh.getMetadata().getUid())
                && fresh.getMetadata().getDeletionTimestamp() == null;
    }

    private ReplicaSet adopt(ReplicaSet rs, Deployment d) {
        ReplicaSet copy = new ReplicaSetBuilder(rs).editMetadata().addToOwnerReferences(ControllerOwner.referenceTo(d))
                .endMetadata().build();
        return client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(copy).update();
    }

    private void release(ReplicaSet rs, String uid) {
        ReplicaSet copy = new ReplicaSetBuilder(rs).build();
        copy.getMetadata().setOwnerReferences(copy.getMetadata().getOwnerReferences().stream()
                .filter(r -> !uid.equals(r.getUid())).toList());
        client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(copy).update();
    }

    private static java.util.Map<String, String> labels(ReplicaSet rs) {
        return rs.getMetadata().getLabels() == null ? java.util.Map.of() : rs.getMetadata().getLabels();
    }
}
