package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/** Runs the profile's filters for a pod on a node, nominated pods included; empty when the pod fits. */
@FunctionalInterface
public interface NodeFilter {
    Optional<FilterResult> filter(Pod pod, NodeInfo node);
}
