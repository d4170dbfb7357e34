package skiff.kubelet.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;

/** Where the kubelet's view of its pods goes: the API server, or a fake in tests. */
public interface PodStatusWriter {

    /** Writes {@code status} for {@code pod} if it differs from what the API shows. */
    void update(Pod pod, PodStatus status);

    /**
     * Finishes a graceful deletion once the pod's containers are all stopped: deletes the object with grace period 0
     * and a UID precondition, so that a new pod with the same name is never touched.
     */
    void confirmDeletion(Pod pod);

    /**
     * The pod with the status to build its next status from: the API's for pods from the API (as given), the one
     * last reported for pods whose status the API does not hold.
     */
    default Pod withReportedStatus(Pod pod) {
        return pod;
    }
}
