package skiff.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import skiff.controllers.framework.IntOrPercent;

/**
 * How far a rolling update may go above and below the desired replicas, in pods.
 *
 * @param maxSurge pods allowed above {@code spec.replicas}
 * @param maxUnavailable pods allowed to be unavailable below {@code spec.replicas}
 */
record RolloutBounds(int maxSurge, int maxUnavailable) {

    static RolloutBounds of(Deployment d) {
        if (!DeploymentSpecs.isRollingUpdate(d)) {
            return new RolloutBounds(0, 0);
        }
        int replicas = DeploymentSpecs.replicas(d);
        RollingUpdateDeployment rolling = d.getSpec().getStrategy().getRollingUpdate();
        RolloutBounds fenceposts = resolveFenceposts(rolling, replicas);
        // k/k deployment/util/deployment_util.go MaxUnavailable: none with zero replicas, never more than all of them.
        int unavailable = replicas == 0 ? 0 : Math.min(fenceposts.maxUnavailable(), replicas);
        return new RolloutBounds(fenceposts.maxSurge(), unavailable);
    }

    /**
     * k/k deployment_util.go ResolveFenceposts: surge rounds up, unavailability rounds down, and both zero becomes
     * one unavailable pod so that the rollout can move.
     */
    static RolloutBounds resolveFenceposts(RollingUpdateDeployment rolling, int desired) {
        int surge = rolling == null ? 0 : IntOrPercent.scaled(rolling.getMaxSurge(), desired, true);
        int unavailable = rolling == null ? 0 : IntOrPercent.scaled(rolling.getMaxUnavailable(), desired, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new RolloutBounds(surge, unavailable);
    }
}
