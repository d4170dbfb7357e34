package skiff.controllers.replicaset;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;

/** apps/v1 ReplicaSets. */
final class AppsReplicaSetKind implements ReplicaSetKind<ReplicaSet> {
    static final AppsReplicaSetKind INSTANCE = new AppsReplicaSetKind();

    private AppsReplicaSetKind() {}

    @Override
    public String controllerName() {
        return "replicaset";
    }

    @Override
    public String kind() {
        return "ReplicaSet";
    }

    @Override
    public Class<ReplicaSet> type() {
        return ReplicaSet.class;
    }

    @Override
    public ReplicaSet toReplicaSet(ReplicaSet object) {
        // Informer caches hand out objects without apiVersion and kind on some paths; owner references need both.
        return new ReplicaSetBuilder(object).withApiVersion("apps/v1").withKind("ReplicaSet").build();
    }

    @Override
    public ReplicaSet fetch(KubernetesClient client, String namespace, String name) {
        ReplicaSet rs = client.apps().replicaSets().inNamespace(namespace).withName(name).get();
        return rs == null ? null : toReplicaSet(rs);
    }

    @Override
    public void writeStatus(KubernetesClient client, ReplicaSet rs, ReplicaSetStatus status) {
        ReplicaSet updated = new ReplicaSetBuilder(rs).withStatus(status).build();
        client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(updated).updateStatus();
    }
}
