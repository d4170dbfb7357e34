package skiff.controllers.nodelifecycle;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;
import skiff.api.time.Clock;
import skiff.client.workqueue.TokenBucketRateLimiter;

/**
 * One zone's nodes waiting for their NoExecute taint, in arrival order, let through at a rate that the zone's
 * health sets (k/k pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go RateLimitedTimedQueue; bursts of
 * one, EvictionRateLimiterBurst). A rate of zero lets nobody through.
 */
final class TaintQueue {
    private final Clock clock;
    private final Set<String> nodes = new LinkedHashSet<>();
    private TokenBucketRateLimiter<String> limiter;

    TaintQueue(Clock clock, double qps) {
        this.clock = clock;
        this.limiter = limiter(qps);
    }

    synchronized void add(String node) {
        nodes.add(node);
    }

    synchronized void remove(String node) {
        nodes.remove(node);
    }

    synchronized boolean nonEmpty() {
        return !nodes.isEmpty();
    }

    /**
     * k/k RateLimitedTimedQueue.SwapLimiter: a new rate; if the old limiter had no token to give, the new one
     * starts without its token too, so a swap never lets a node through early.
     */
    synchronized void swapRate(double qps) {
        TokenBucketRateLimiter<String> next = limiter(qps);
        if (next != null && (limiter == null || !limiter.tryAccept())) {
            next.tryAccept();
        }
        limiter = next;
    }

    /**
     * Offers the waiting nodes, oldest first, while the limiter has tokens; {@code taint} returns whether the node
     * is done with (tainted, or no longer needing it). One that is not stays first in line for the next pass.
     */
    void process(Predicate<String> taint) {
        while (true) {
            String head;
            synchronized (this) {
                if (nodes.isEmpty() || limiter == null || !limiter.tryAccept()) {
                    return;
                }
                head = nodes.iterator().next();
            }
            if (!taint.test(head)) {
                return;
            }
            remove(head);
        }
    }

    private TokenBucketRateLimiter<String> limiter(double qps) {
        return qps <= 0 ? null : new TokenBucketRateLimiter<>(clock, qps, 1);
    }
}
