package skiff.controllers.framework;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * The pod writes a workload controller makes, behind one seam so tests can record them (k/k
 * pkg/controller/controller_utils.go PodControlInterface). Failures are {@code KubernetesClientException}s.
 */
public interface PodControl {

    /** Creates {@code pod} in {@code namespace} and returns it as stored (with its generated name). */
    Pod create(String namespace, Pod pod);

    /** Deletes a pod with its default grace period. */
    void delete(String namespace, String name);

    /**
     * Replaces the owner references of {@code pod}, on condition that it is still the version given (its uid and
     * resourceVersion), so a reference is never added to or removed from a pod that changed meanwhile.
     */
    void setOwnerReferences(Pod pod, List<OwnerReference> ownerReferences);
}
