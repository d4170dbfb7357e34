package skiff.controllers.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The API kind a {@link ReplicaSetController} manages. ReplicaSets are used as they are; ReplicationControllers are
 * seen as ReplicaSets whose selector is the equality map, keeping their own apiVersion, kind, name and uid, so
 * owner references and events name the ReplicationController (k/k pkg/controller/replication, which runs the
 * ReplicaSet controller through conversion adapters).
 */
sealed interface ReplicaSetKind<T extends HasMetadata> permits AppsReplicaSetKind, ReplicationControllerKind {

    /** The controller's name, as {@code --disable-controllers} takes it. */
    String controllerName();

    Class<T> type();

    /** The kind's name, as owner references and events give it. */
    String kind();

    ReplicaSet toReplicaSet(T object);

    /** A fresh read from the API server, bypassing the cache; null if the object is gone. */
    ReplicaSet fetch(KubernetesClient client, String namespace, String name);

    /** Writes {@code status} through the status subresource, on condition {@code rs} is still current. */
    void writeStatus(KubernetesClient client, ReplicaSet rs, ReplicaSetStatus status);
}
