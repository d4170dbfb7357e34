package skiff.controllers.daemon;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import skiff.controllers.framework.IntOrPercent;

/** Readings of a DaemonSet's spec with the API's defaults where a field is unset. */
final class DaemonSetSpecs {
    private DaemonSetSpecs() {}

    static boolean isRollingUpdate(DaemonSet ds) {
        return ds.getSpec().getUpdateStrategy() == null
                || !"OnDelete".equals(ds.getSpec().getUpdateStrategy().getType());
    }

    static int minReadySeconds(DaemonSet ds) {
        Integer s = ds.getSpec().getMinReadySeconds();
        return s == null ? 0 : s;
    }

    /**
     * k/k daemonset_util.go UnavailableCount and SurgeCount, both rounded up, then daemon_controller.go
     * updatedDesiredNodeCounts: with neither allowed, one pod may be unavailable.
     */
    static UpdateBudget budget(DaemonSet ds, int desiredNumberScheduled) {
        RollingUpdateDaemonSet rolling = ds.getSpec().getUpdateStrategy() == null ? null
                : ds.getSpec().getUpdateStrategy().getRollingUpdate();
        int unavailable = rolling == null ? 1 : IntOrPercent.scaled(rolling.getMaxUnavailable(), desiredNumberScheduled,
                true);
        int surge = rolling == null ? 0 : IntOrPercent.scaled(rolling.getMaxSurge(), desiredNumberScheduled, true);
        if (desiredNumberScheduled > 0 && unavailable == 0 && surge == 0) {
            unavailable = 1;
        }
        return new UpdateBudget(surge, unavailable);
    }

    /** How many nodes a rolling update may surge onto and leave without an available pod. */
    record UpdateBudget(int maxSurge, int maxUnavailable) {}
}
