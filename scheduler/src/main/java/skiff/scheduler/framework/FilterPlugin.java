package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/** A rule that rules a node out for a pod (k/k pkg/scheduler/framework/interface.go FilterPlugin). */
public interface FilterPlugin {
    String name();

    /** Empty when the node can take the pod. */
    Optional<FilterResult> filter(Pod pod, NodeInfo node);
}
