package skiff.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * A scale-down candidate and its rank: how many active pods related to its controller (its own set's and those of
 * sets sharing its owner, such as one Deployment's) run on the candidate's node, itself included.
 */
record RankedPod(Pod pod, int colocated) {

    String name() {
        return pod.getMetadata().getName();
    }
}
