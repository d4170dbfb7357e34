package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** Pods waiting for room that preemption is making on a node (k/k framework/interface.go PodNominator). */
@FunctionalInterface
public interface NominatedPods {
    NominatedPods NONE = node -> List.of();

    List<Pod> on(String node);
}
