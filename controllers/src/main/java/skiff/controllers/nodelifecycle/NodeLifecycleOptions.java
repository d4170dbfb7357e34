package skiff.controllers.nodelifecycle;

import java.time.Duration;

/**
 * How the node lifecycle controller watches heartbeats and paces taint-based eviction (k/k cmd/kube-controller-manager
 * options: --node-monitor-period 5 s, --node-monitor-grace-period, --node-startup-grace-period 60 s,
 * --node-eviction-rate 0.1, --secondary-node-eviction-rate 0.01, --unhealthy-zone-threshold 0.55,
 * --large-cluster-size-threshold 50).
 *
 * @param monitorPeriod how often every node's health is checked
 * @param gracePeriod how long a node may go without a heartbeat (Lease renewal or Ready condition) before it is
 *     Unknown
 * @param startupGracePeriod the same for a node whose kubelet never posted a Ready condition
 * @param evictionRate nodes per second per zone that get a NoExecute taint while the zone is healthy
 * @param secondaryEvictionRate the same for a partially disrupted zone larger than the large-cluster threshold
 * @param unhealthyZoneThreshold the share of not-Ready nodes (more than two) that makes a zone partially disrupted
 * @param largeClusterSizeThreshold above this many nodes a partially disrupted zone is still tainted, slowly
 */
public record NodeLifecycleOptions(Duration monitorPeriod, Duration gracePeriod, Duration startupGracePeriod,
        double evictionRate, double secondaryEvictionRate, double unhealthyZoneThreshold,
        int largeClusterSizeThreshold) {
    private static final Duration MONITOR_PERIOD = Duration.ofSeconds(5);
    private static final Duration GRACE_PERIOD = Duration.ofSeconds(40);
    private static final Duration STARTUP_GRACE_PERIOD = Duration.ofSeconds(60);

    public NodeLifecycleOptions {
        if (evictionRate < 0 || secondaryEvictionRate < 0) {
            throw new IllegalArgumentException("node eviction rates must not be negative");
        }
    }

    public static NodeLifecycleOptions defaults() {
        return withGracePeriod(GRACE_PERIOD);
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
        return new NodeLifecycleOptions(monitor, grace, startup, 0.1, 0.01, 0.55, 50);
    }
}
