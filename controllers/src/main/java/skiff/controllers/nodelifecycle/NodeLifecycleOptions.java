package skiff.controllers.nodelifecycle;

import java.time.Duration;

/**
 * How the node lifecycle controller watches heartbeats (k/k cmd/kube-controller-manager options: --node-monitor-period
 * 5 s, --node-monitor-grace-period, --node-startup-grace-period 60 s).
 *
 * @param monitorPeriod how often every node's health is checked
 * @param gracePeriod how long a node may go without a heartbeat (Lease renewal or Ready condition) before it is
 *     Unknown
 * @param startupGracePeriod the same for a node whose kubelet never posted a Ready condition
 */
public record NodeLifecycleOptions(Duration monitorPeriod, Duration gracePeriod, Duration startupGracePeriod) {
    private static final Duration MONITOR_PERIOD = Duration.ofSeconds(5);
    private static final Duration GRACE_PERIOD = Duration.ofSeconds(40);
    private static final Duration STARTUP_GRACE_PERIOD = Duration.ofSeconds(60);

    public static NodeLifecycleOptions defaults() {
        return new NodeLifecycleOptions(MONITOR_PERIOD, GRACE_PERIOD, STARTUP_GRACE_PERIOD);
    }

    /**
     * Options for another grace period. A shorter one (tests) also shortens the monitor period to a quarter of it and
     * keeps the default ratio of startup grace to grace, so that the controller still notices in time.
     */
    public static NodeLifecycleOptions withGracePeriod(Duration grace) {
        if (grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("node monitor grace period must be positive: " + grace);
        }
        Duration quarter = grace.dividedBy(4);
        Duration monitor = quarter.compareTo(MONITOR_PERIOD) < 0 ? quarter : MONITOR_PERIOD;
        Duration startup = grace.compareTo(GRACE_PERIOD) < 0 ? grace.multipliedBy(3).dividedBy(2)
                : STARTUP_GRACE_PERIOD.compareTo(grace) > 0 ? STARTUP_GRACE_PERIOD : grace;
        return new NodeLifecycleOptions(monitor, grace, startup);
    }
}
