package skiff.client.leaderelection;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;

/**
 * Runs a component only while it leads, as client-go's tools/leaderelection LeaderElector does (1.32): candidates
 * try every retry period (jittered) to take a lock whose holder has not renewed it for a lease duration, as measured
 * on their own clock from the last change they saw; the leader renews every retry period and gives up when it could
 * not renew within the renew deadline. A candidate that lost its lock goes back to trying, where kube-controller-
 * manager and kube-scheduler exit and are restarted. On {@link #close()} the leader releases the lock (holder empty,
 * one-second lease), as kube-scheduler's ReleaseOnCancel does, so that another candidate takes over at once.
 *
 * <p>Between the lease running out in another candidate's eyes and this leader noticing, both may act: client-go
 * bounds that window by the renew deadline; here the lock's client must time its requests out within it too.
 */
public final class LeaderElector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElector.class);
    private static final double JITTER_FACTOR = 1.2;

    /** What leading means to the component; called on the elector's thread, so each must return promptly. */
    public interface Callbacks {
        void startedLeading();

        void stoppedLeading();

        /** Someone else, or this candidate, was seen taking the lock. */
        default void newLeader(String identity) {}
    }

    private final LeaderLock lock;
    private final String identity;
    private final LeaderElectionTimings timings;
    private final Callbacks callbacks;
    private final Clock clock;
    private final RandomGenerator random;

    // What this candidate last saw of the lock, and when by its own clock (client-go observedRecord, observedTime).
    private LeaderElectionRecord observed;
    private String observedVersion;
    private long observedNanos;
    private String reportedLeader;
    private volatile boolean leading;
    private volatile boolean closed;
    private Thread thread;

    public LeaderElector(LeaderLock lock, String identity, LeaderElectionTimings timings, Callbacks callbacks,
            Clock clock, RandomGenerator random) {
        if (identity.isEmpty()) {
            throw new IllegalArgumentException("Lock identity is empty");
        }
        this.lock = lock;
        this.identity = identity;
        this.timings = timings;
        this.callbacks = callbacks;
        this.clock = clock;
        this.random = random;
    }

    /** Starts trying to lead, on a thread of its own. */
    public synchronized LeaderElector start() {
        thread = Thread.ofVirtual().name("leader-election " + lock.describe()).start(this::run);
        return this;
    }

    public boolean isLeader() {
        return leading;
    }

    private void run() {
        try {
            while (!closed) {
                LOG.info("attempting to acquire leader lease {} as {}", lock.describe(), identity);
                if (!acquire()) {
                    return;
                }
                LOG.info("successfully acquired lease {} as {}", lock.describe(), identity);
                lock.recordEvent(identity + " became leader");
                leading = true;
                try {
                    callbacks.startedLeading();
                } catch (RuntimeException e) {
                    if (closed) {
                        return; // close() interrupted the start; stopping and releasing follow below
                    }
                    throw e;
                }
                if (!renewWhileLeading()) {
                    return;
                }
                leading = false;
                lock.recordEvent(identity + " stopped leading");
                callbacks.stoppedLeading();
            }
        } catch (InterruptedException e) {
            // close() interrupts a sleep; what remains is done below.
        } finally {
            if (leading) {
                leading = false;
                callbacks.stoppedLeading();
                Thread.interrupted();
                release();
            }
        }
    }

    /** Tries until it holds the lock (true) or is closed (false); client-go acquire with wait.JitterUntil. */
    private boolean acquire() throws InterruptedException {
        while (!closed) {
            if (tryAcquireOrRenew()) {
                return true;
            }
            long period = timings.retryPeriod().toNanos();
            clock.sleep(Duration.ofNanos(period + (long) (random.nextDouble() * JITTER_FACTOR * period)));
        }
        return false;
    }

    /**
     * Renews every retry period while it can (client-go renew: wait.Until around PollImmediateUntil with the renew
     * deadline); returns false when closed, true when leadership is lost.
     */
    private boolean renewWhileLeading() throws InterruptedException {
        while (!closed) {
            long deadline = clock.nanoTime() + timings.renewDeadline().toNanos();
            boolean renewed = false;
            while (!closed && !renewed) {
                renewed = tryAcquireOrRenew();
                if (!renewed) {
                    if (clock.nanoTime() + timings.retryPeriod().toNanos() > deadline) {
                        LOG.warn("failed to renew lease {}: timed out after {}", lock.describe(),
                                timings.renewDeadline());
                        return true;
                    }
                    clock.sleep(timings.retryPeriod());
                }
            }
            if (!closed) {
                clock.sleep(timings.retryPeriod());
            }
        }
        return false;
    }

    /** One attempt (client-go tryAcquireOrRenew, 1.32, without coordinated leader election): true if it holds it. */
    boolean tryAcquireOrRenew() {
        Instant now = clock.now().truncatedTo(ChronoUnit.MICROS);
        long nowNanos = clock.nanoTime();
        int seconds = (int) timings.leaseDuration().toSeconds();
        try {
            // 1. The leader first updates what it last wrote, without reading it again.
            if (observedIsMine() && leaseValid(nowNanos)) {
                LeaderElectionRecord renewed = new LeaderElectionRecord(identity, seconds, observed.acquireTime(),
                        now, observed.leaderTransitions());
                Optional<String> version = lock.update(renewed, observedVersion);
                if (version.isPresent()) {
                    observe(renewed, version.get(), nowNanos);
                    return true;
                }
                LOG.info("failed to update lock {} optimistically, falling back to slow path", lock.describe());
            }
            // 2. Otherwise read it; create it if there is none.
            Optional<LeaderElectionRecord.Versioned> current = lock.get();
            if (current.isEmpty()) {
                LeaderElectionRecord created = new LeaderElectionRecord(identity, seconds, now, now, 0);
                Optional<String> version = lock.create(created);
                version.ifPresent(v -> observe(created, v, nowNanos));
                return version.isPresent();
            }
            // 3. A record that changed since last seen starts its lease duration now, by this candidate's clock.
            LeaderElectionRecord old = current.get().record();
            if (!old.equals(observed)) {
                observe(old, current.get().version(), nowNanos);
            } else {
                observedVersion = current.get().version();
            }
            if (!old.holderIdentity().isEmpty() && leaseValid(nowNanos) && !observedIsMine()) {
                return false;
            }
            // 4. Take or renew it: a new holder counts one more transition and its own acquire time.
            LeaderElectionRecord next = observedIsMine()
                    ? new LeaderElectionRecord(identity, seconds, old.acquireTime(), now, old.leaderTransitions())
                    : new LeaderElectionRecord(identity, seconds, now, now, old.leaderTransitions() + 1);
            Optional<String> version = lock.update(next, current.get().version());
            version.ifPresent(v -> observe(next, v, nowNanos));
            return version.isPresent();
        } catch (RuntimeException e) {
            LOG.warn("error retrieving or updating lease {}: {}", lock.describe(), e.getMessage());
            return false;
        }
    }

    private boolean observedIsMine() {
        return observed != null && identity.equals(observed.holderIdentity());
    }

    private boolean leaseValid(long nowNanos) {
        return observedNanos + Duration.ofSeconds(observed.leaseDurationSeconds()).toNanos() > nowNanos;
    }

    private void observe(LeaderElectionRecord record, String version, long nowNanos) {
        observed = record;
        observedVersion = version;
        observedNanos = nowNanos;
        // client-go maybeReportTransition
        if (!record.holderIdentity().isEmpty() && !Objects.equals(record.holderIdentity(), reportedLeader)) {
            reportedLeader = record.holderIdentity();
            callbacks.newLeader(reportedLeader);
        }
    }

    /** client-go release: holder empty, a one-second lease, same transitions. */
    private void release() {
        Instant now = clock.now().truncatedTo(ChronoUnit.MICROS);
        try {
            if (observedIsMine() && lock.update(new LeaderElectionRecord("", 1, now, now,
                    observed.leaderTransitions()), observedVersion).isPresent()) {
                LOG.info("released lease {}", lock.describe());
            }
        } catch (RuntimeException e) {
            LOG.warn("failed to release lease {}: {}", lock.describe(), e.getMessage());
        }
    }

    /** Stops trying or leading: a leader calls {@link Callbacks#stoppedLeading()} and releases the lock first. */
    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
