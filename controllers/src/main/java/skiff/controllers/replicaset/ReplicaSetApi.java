package skiff.controllers.replicaset;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;

/** The writes and the one uncached read a sync makes on the set itself. */
interface ReplicaSetApi {

    /** A quorum read of the set, bypassing the cache; null if it is gone. */
    ReplicaSet fetch(String namespace, String name);

    void writeStatus(ReplicaSet rs, ReplicaSetStatus status);
}
