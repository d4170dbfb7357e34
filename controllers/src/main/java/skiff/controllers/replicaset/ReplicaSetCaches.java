package skiff.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;

/** What one sync reads from the informer caches (ReplicationControllers already seen as ReplicaSets). */
interface ReplicaSetCaches {

    /** The set stored under {@code namespace/name}, or null. */
    ReplicaSet replicaSet(String key);

    List<ReplicaSet> replicaSetsIn(String namespace);

    List<Pod> podsIn(String namespace);
}
