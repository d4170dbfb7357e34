package skiff.client.workqueue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import skiff.api.time.Clock;

/**
 * The work queue between a controller's event handlers and its workers (client-go util/workqueue queue.go,
 * delaying_queue.go and rate_limiting_queue.go):
 *
 * <ul>
 *   <li>a key is queued at most once however often it is added while it waits;</li>
 *   <li>a key being processed is never handed to a second worker; added meanwhile, it is queued again when the
 *       first worker calls {@link #done};</li>
 *   <li>{@link #addAfter} holds a key back for a while, {@link #addRateLimited} for as long as its
 *       {@link RateLimiter} says, and {@link #forget} resets that key's backoff;</li>
 *   <li>after {@link #shutDown} nothing new is accepted, delayed keys are dropped, and {@link #get} hands out what
 *       is already queued, then answers empty.</li>
 * </ul>
 *
 * Time comes from the injected {@link Clock}; {@link #poll} lets tests step a {@code FakeClock} without threads. A
 * queue given {@link QueueMetrics} reports to them as client-go's queues report to their metrics provider.
 */
public final class RateLimitingQueue<K> {
    /** With a fake clock no signal says that time moved, so a blocked {@link #get} looks again this often. */
    private static final long MAX_BLOCK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Clock clock;
    private final RateLimiter<K> limiter;
    private final QueueMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<K> queue = new ArrayDeque<>();
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private final Map<K, Long> readyAt = new HashMap<>();
    private final PriorityQueue<Delayed<K>> delayed = new PriorityQueue<>(Comparator.comparingLong(Delayed::readyAt));
    private boolean shuttingDown;

    private record Delayed<K>(K key, long readyAt) {}

    public RateLimitingQueue(Clock clock, RateLimiter<K> limiter) {
        this(clock, limiter, QueueMetrics.NONE);
    }

    public RateLimitingQueue(Clock clock, RateLimiter<K> limiter, QueueMetrics metrics) {
        this.clock = clock;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    /** A queue with client-go's default controller rate limiter. */
    public static <K> RateLimitingQueue<K> withDefaultRateLimiter(Clock clock) {
        return withDefaultRateLimiter(clock, QueueMetrics.NONE);
    }

    /** A queue with client-go's default controller rate limiter that reports to {@code metrics}. */
    public static <K> RateLimitingQueue<K> withDefaultRateLimiter(Clock clock, QueueMetrics metrics) {
        return new RateLimitingQueue<>(clock, RateLimiter.defaultController(clock), metrics);
    }

    /** Queues the key now, unless it is already queued. */
    public void add(K key) {
        lock.lock();
        try {
            enqueue(key);
        } finally {
            lock.unlock();
        }
    }

    /** Queues the key once {@code delay} has passed; a key already held back keeps the earlier of the two times. */
    public void addAfter(K key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        lock.lock();
        try {
            if (shuttingDown) {
                return;
            }
            long at = clock.nanoTime() + delay.toNanos();
            Long current = readyAt.get(key);
            if (current != null && current <= at) {
                return;
            }
            readyAt.put(key, at);
            delayed.add(new Delayed<>(key, at));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Queues the key after the backoff its rate limiter gives it; each call counts as one more failure. */
    public void addRateLimited(K key) {
        metrics.retried();
        addAfter(key, limiter.when(key));
    }

    /** Ends the key's backoff: the next failure starts again from the shortest delay. */
    public void forget(K key) {
        limiter.forget(key);
    }

    public int numRequeues(K key) {
        return limiter.retries(key);
    }

    /**
     * Waits for a key and marks it as being processed; the caller must call {@link #done} with it. Empty once the
     * queue is shut down and drained.
     */
    public Optional<K> get() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                long untilNext = promoteDue();
                if (!queue.isEmpty()) {
                    return Optional.of(take());
                }
                if (shuttingDown) {
                    return Optional.empty();
                }
                if (untilNext < 0) {
                    changed.await();
                } else {
                    changed.awaitNanos(Math.min(untilNext, MAX_BLOCK_NANOS));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #get} but never waits: the next ready key, if any, marked as being processed. */
    public Optional<K> poll() {
        lock.lock();
        try {
            promoteDue();
            return queue.isEmpty() ? Optional.empty() : Optional.of(take());
        } finally {
            lock.unlock();
        }
    }

    /** The worker is finished with the key; if it was added meanwhile, it is queued again. */
    public void done(K key) {
        lock.lock();
        try {
            metrics.done(key);
            processing.remove(key);
            if (dirty.contains(key)) {
                queue.add(key);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Keys ready to be handed out now (not those held back, not those being processed). */
    public int length() {
        lock.lock();
        try {
            promoteDue();
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    public void shutDown() {
        lock.lock();
        try {
            shuttingDown = true;
            delayed.clear();
            readyAt.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean shuttingDown() {
        lock.lock();
        try {
            return shuttingDown;
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(K key) {
        if (shuttingDown || dirty.contains(key)) {
            return;
        }
        // client-go queue.go Add (1.32): counted once it is dirty, even while a worker still processes it.
        metrics.added(key);
        dirty.add(key);
        if (processing.contains(key)) {
            return;
        }
        queue.add(key);
        changed.signalAll();
    }

    private K take() {
        K key = queue.poll();
        metrics.taken(key);
        processing.add(key);
        dirty.remove(key);
        return key;
    }

    /** Moves held-back keys whose time has come into the queue; answers nanoseconds until the next, or -1. */
    private long promoteDue() {
        long now = clock.nanoTime();
        while (!delayed.isEmpty()) {
            Delayed<K> next = delayed.peek();
            Long current = readyAt.get(next.key());
            if (current == null || current != next.readyAt()) {
                delayed.poll();
                continue;
            }
            if (next.readyAt() > now) {
                return next.readyAt() - now;
            }
            delayed.poll();
            readyAt.remove(next.key());
            enqueue(next.key());
        }
        return -1;
    }
}
