package skiff.controllers.podautoscaler;

import java.time.Duration;

/**
 * Settings of the HPA controller (k/k kube-controller-manager's --horizontal-pod-autoscaler-* flags, 1.32).
 *
 * @param syncPeriod how often each autoscaler is reconciled (--horizontal-pod-autoscaler-sync-period, 15 s)
 * @param tolerance how far the usage ratio may be from 1.0 before the controller scales (-tolerance, 0.1)
 * @param cpuInitializationPeriod how long after a pod starts its CPU samples need care (-cpu-initialization-period,
 *     5 min)
 * @param initialReadinessDelay how long after a pod starts a not-ready pod is taken as not yet ready rather than
 *     unready (-initial-readiness-delay, 30 s)
 * @param downscaleStabilization how far back the highest recommendation bounds a scale-down
 *     (-downscale-stabilization, 5 min)
 */
public record HorizontalOptions(Duration syncPeriod, double tolerance, Duration cpuInitializationPeriod,
        Duration initialReadinessDelay, Duration downscaleStabilization) {

    public static HorizontalOptions defaults() {
        return new HorizontalOptions(Duration.ofSeconds(15), 0.1, Duration.ofMinutes(5), Duration.ofSeconds(30),
                Duration.ofMinutes(5));
    }

    public HorizontalOptions withSyncPeriod(Duration period) {
        return new HorizontalOptions(period, tolerance, cpuInitializationPeriod, initialReadinessDelay,
                downscaleStabilization);
    }
}
