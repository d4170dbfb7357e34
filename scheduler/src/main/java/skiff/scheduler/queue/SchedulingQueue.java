package skiff.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import skiff.api.time.Clock;

/**
 * The pods waiting to be scheduled, in three places as k/k pkg/scheduler/internal/queue/scheduling_queue.go keeps
 * them: the active queue (next to try, highest priority first, then oldest), the backoff queue (failed recently;
 * each failure doubles the wait from 1 s up to 10 s) and the unschedulable pool (no node fitted; they leave it when
 * the cluster changes, or after 5 minutes). A pod with scheduling gates is never tried: it waits, gated, until an
 * update removes its last gate (k/k 1.32 framework/plugins/schedulinggates PreEnqueue; gates can only be removed).
 */
public final class SchedulingQueue {
    public static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    // k/k scheduling_queue.go DefaultPodMaxInUnschedulablePodsDuration.
    public static final Duration MAX_UNSCHEDULABLE = Duration.ofMinutes(5);

    // k/k pkg/scheduler/framework/plugins/queuesort/priority_sort.go Less: higher priority first, then earlier.
    private static final Comparator<QueuedPod> ACTIVE_ORDER = Comparator.<QueuedPod>comparingInt(QueuedPod::priority).reversed()
            .thenComparing(QueuedPod::created);

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final PriorityQueue<QueuedPod> active = new PriorityQueue<>(ACTIVE_ORDER);
    private final PriorityQueue<QueuedPod> backoff = new PriorityQueue<>(
            Comparator.comparingLong(this::backoffExpiryNanos));
    private final Map<String, QueuedPod> unschedulable = new HashMap<>();
    private final Map<String, QueuedPod> gated = new HashMap<>();
    private final Map<String, Long> unschedulableSince = new HashMap<>();
    /** Every pod the queue holds or hands out, by uid: where it is. */
    private final Map<String, QueuedPod> byUid = new HashMap<>();
    private final Map<String, QueuedPod> inFlight = new HashMap<>();
    private long schedulingCycle;
    private long moveRequestCycle = -1;
    private boolean closed;

    public SchedulingQueue(Clock clock) {
        this.clock = clock;
    }

    /** A new pod to schedule (k/k PriorityQueue.Add). */
    public void add(Pod pod) {
        lock.lock();
        try {
            String uid = pod.getMetadata().getUid();
            if (byUid.containsKey(uid) || inFlight.containsKey(uid)) {
                update(pod);
                return;
            }
            QueuedPod queued = new QueuedPod(pod, 0, clock.nanoTime());
            byUid.put(uid, queued);
            if (hasGates(pod)) {
                gated.put(uid, queued);
                return;
            }
            active.add(queued);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A pending pod changed (k/k PriorityQueue.Update): the new object replaces the old where it waits; an
     * unschedulable pod is worth another try at once, as its change may make it fit.
     */
    public void update(Pod pod) {
        lock.lock();
        try {
            String uid = pod.getMetadata().getUid();
            QueuedPod flying = inFlight.get(uid);
            if (flying != null) {
                inFlight.put(uid, flying.withPod(pod));
                return;
            }
            QueuedPod old = byUid.get(uid);
            if (old == null) {
                add(pod);
                return;
            }
            QueuedPod updated = old.withPod(pod);
            byUid.put(uid, updated);
            if (gated.containsKey(uid)) {
                if (hasGates(pod)) {
                    gated.put(uid, updated);
                } else {
                    gated.remove(uid);
                    active.add(updated);
                    notEmpty.signal();
                }
            } else if (active.remove(old)) {
                active.add(updated);
            } else if (backoff.remove(old)) {
                backoff.add(updated);
            } else if (unschedulable.remove(uid) != null) {
                unschedulableSince.remove(uid);
                moveOut(updated);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The pod is gone, bound or no longer ours. */
    public void delete(String uid) {
        lock.lock();
        try {
            QueuedPod old = byUid.remove(uid);
            inFlight.remove(uid);
            if (old != null) {
                active.remove(old);
                backoff.remove(old);
                unschedulable.remove(uid);
                unschedulableSince.remove(uid);
                gated.remove(uid);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the next pod to schedule, waiting up to {@code timeout} for one; empty on timeout or after
     * {@link #close()}. Pods whose backoff is over move to the active queue first.
     */
    public Optional<QueuedPod> pop(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                flush();
                QueuedPod next = active.poll();
                if (next != null) {
                    byUid.remove(next.uid());
                    QueuedPod attempt = new QueuedPod(next.pod(), next.attempts() + 1, next.lastFailureNanos());
                    inFlight.put(next.uid(), attempt);
                    schedulingCycle++;
                    return Optional.of(attempt);
                }
                if (closed || left <= 0) {
                    return Optional.empty();
                }
                // Wake at least every 100 ms to flush the backoff queue (k/k flushes it every second).
                long slice = Math.min(left, TimeUnit.MILLISECONDS.toNanos(100));
                left -= slice - Math.max(0, notEmpty.awaitNanos(slice));
            }
        } finally {
            lock.unlock();
        }
    }

    /** The scheduling cycle the last popped pod belongs to. */
    public long schedulingCycle() {
        lock.lock();
        try {
            return schedulingCycle;
        } finally {
            lock.unlock();
        }
    }

    /** The popped pod was bound (or is being bound): the queue forgets it. */
    public void done(String uid) {
        lock.lock();
        try {
            inFlight.remove(uid);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The popped pod did not fit (k/k PriorityQueue.AddUnschedulableIfNotPresent). It waits in the unschedulable
     * pool, unless the cluster changed while it was being scheduled: then it retries after its backoff.
     */
    public void addUnschedulable(QueuedPod attempt, long cycle) {
        lock.lock();
        try {
            QueuedPod flying = inFlight.remove(attempt.uid());
            if (flying == null) {
                return; // deleted meanwhile
            }
            QueuedPod failed = new QueuedPod(flying.pod(), attempt.attempts(), clock.nanoTime());
            byUid.put(failed.uid(), failed);
            if (moveRequestCycle >= cycle) {
                backoff.add(failed);
            } else {
                unschedulable.put(failed.uid(), failed);
                unschedulableSince.put(failed.uid(), clock.nanoTime());
            }
        } finally {
            lock.unlock();
        }
    }

    /** The popped pod failed for another reason (an API error while binding): it retries after its backoff. */
    public void addBackoff(QueuedPod attempt) {
        lock.lock();
        try {
            QueuedPod flying = inFlight.remove(attempt.uid());
            if (flying == null) {
                return;
            }
            QueuedPod failed = new QueuedPod(flying.pod(), attempt.attempts(), clock.nanoTime());
            byUid.put(failed.uid(), failed);
            backoff.add(failed);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The cluster changed in a way that may make waiting pods fit (a node added or changed, a pod removed): every
     * unschedulable pod moves to the backoff queue, or to the active queue if its backoff is over
     * (k/k MoveAllToActiveOrBackoffQueue).
     */
    public void moveAllToActiveOrBackoff() {
        lock.lock();
        try {
            for (QueuedPod p : unschedulable.values()) {
                moveOut(p);
            }
            unschedulable.clear();
            unschedulableSince.clear();
            moveRequestCycle = schedulingCycle;
        } finally {
            lock.unlock();
        }
    }

    public int activeCount() {
        return count(active);
    }

    public int backoffCount() {
        return count(backoff);
    }

    public int unschedulableCount() {
        return count(unschedulable.values());
    }

    /** Pods waiting for their scheduling gates to be removed. */
    public int gatedCount() {
        return count(gated.values());
    }

    private static boolean hasGates(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getSchedulingGates() != null
                && !pod.getSpec().getSchedulingGates().isEmpty();
    }

    private int count(java.util.Collection<?> place) {
        lock.lock();
        try {
            return place.size();
        } finally {
            lock.unlock();
        }
    }

    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How long a pod that failed {@code attempts} times waits: 1 s, doubling, at most 10 s. */
    public static Duration backoffFor(int attempts) {
        Duration d = INITIAL_BACKOFF;
        for (int i = 1; i < attempts && d.compareTo(MAX_BACKOFF) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private long backoffExpiryNanos(QueuedPod p) {
        return p.lastFailureNanos() + backoffFor(p.attempts()).toNanos();
    }

    private void moveOut(QueuedPod p) {
        if (p.attempts() > 0 && backoffExpiryNanos(p) > clock.nanoTime()) {
            backoff.add(p);
        } else {
            active.add(p);
            notEmpty.signal();
        }
    }

    // k/k flushBackoffQCompleted and flushUnschedulablePodsLeftover.
    private void flush() {
        long now = clock.nanoTime();
        while (!backoff.isEmpty() && backoffExpiryNanos(backoff.peek()) <= now) {
            active.add(backoff.poll());
        }
        var stale = unschedulableSince.entrySet().stream()
                .filter(e -> now - e.getValue() >= MAX_UNSCHEDULABLE.toNanos()).map(Map.Entry::getKey).toList();
        for (String uid : stale) {
            unschedulableSince.remove(uid);
            moveOut(unschedulable.remove(uid));
        }
    }
}
