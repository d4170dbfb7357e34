package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Ranks the feasible nodes for a pod (k/k pkg/scheduler/framework/interface.go ScorePlugin): a raw score per node,
 * then an optional normalization over all of them to 0..{@link #MAX_NODE_SCORE}, then the plugin's weight.
 */
public interface ScorePlugin {
    long MAX_NODE_SCORE = 100;

    String name();

    long score(Pod pod, NodeInfo node);

    /** Rescales the raw scores in place, the same order as the nodes; the default keeps them. */
    default void normalize(long[] scores) {}
}
