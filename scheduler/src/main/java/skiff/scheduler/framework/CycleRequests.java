package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * The requests of the pod being scheduled, computed once for all the nodes a scheduling cycle looks at rather than
 * once per node (k/k noderesources/fit.go computes them in PreFilter and keeps them in the cycle state). Keyed by
 * the pod object's identity: the informer hands out a new object whenever a pod changes. Confined to the scheduling
 * loop's thread, like the plugins that own one.
 */
public final class CycleRequests {
    private Pod pod;
    private Resources requests;
    private Resources nonZero;

    /** {@link PodRequests#of(Pod)} of {@code pod}. */
    public Resources of(Pod pod) {
        remember(pod);
        return requests;
    }

    /** {@link PodRequests#nonZero(Pod)} of {@code pod}. */
    public Resources nonZero(Pod pod) {
        remember(pod);
        return nonZero;
    }

    private void remember(Pod current) {
        if (current != pod) {
            requests = PodRequests.of(current);
            nonZero = PodRequests.nonZero(current);
            pod = current;
        }
    }
}
