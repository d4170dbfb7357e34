package skiff.client.leaderelection;

import java.time.Duration;

/**
 * How long a lease lasts without renewal, how long a leader keeps trying to renew before it gives up, and how often
 * candidates try (kube-controller-manager's and kube-scheduler's --leader-elect-lease-duration, -renew-deadline and
 * -retry-period, 1.32 defaults 15 s, 10 s and 2 s).
 */
public record LeaderElectionTimings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    public static final LeaderElectionTimings DEFAULTS = new LeaderElectionTimings(Duration.ofSeconds(15),
            Duration.ofSeconds(10), Duration.ofSeconds(2));

    /** client-go NewLeaderElector's checks, with its messages. */
    public LeaderElectionTimings {
        if (leaseDuration.compareTo(renewDeadline) <= 0) {
            throw new IllegalArgumentException("leaseDuration must be greater than renewDeadline");
        }
        if (renewDeadline.compareTo(retryPeriod.multipliedBy(12).dividedBy(10)) <= 0) {
            throw new IllegalArgumentException("renewDeadline must be greater than retryPeriod*JitterFactor");
        }
        if (leaseDuration.isNegative() || leaseDuration.isZero() || renewDeadline.isNegative()
                || renewDeadline.isZero() || retryPeriod.isNegative() || retryPeriod.isZero()) {
            throw new IllegalArgumentException("leaseDuration, renewDeadline and retryPeriod must be positive");
        }
    }
}
