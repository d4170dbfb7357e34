package skiff.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Readings of a Deployment's spec with the API's defaults applied where a field is unset. */
final class DeploymentSpecs {
    static final String RECREATE = "Recreate";

    private DeploymentSpecs() {}

    static int replicas(Deployment d) {
        Integer r = d.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    static boolean isRollingUpdate(Deployment d) {
        return d.getSpec().getStrategy() == null || !RECREATE.equals(d.getSpec().getStrategy().getType());
    }

    static boolean paused(Deployment d) {
        return Boolean.TRUE.equals(d.getSpec().getPaused());
    }

    static boolean hasProgressDeadline(Deployment d) {
        // k/k deployment_util.go HasProgressDeadline: unset or MaxInt32 means no deadline.
        Integer s = d.getSpec().getProgressDeadlineSeconds();
        return s != null && s != Integer.MAX_VALUE;
    }

    static int minReadySeconds(Deployment d) {
        Integer s = d.getSpec().getMinReadySeconds();
        return s == null ? 0 : s;
    }

    static long generation(Deployment d) {
        Long g = d.getMetadata().getGeneration();
        return g == null ? 0 : g;
    }
}
