package skiff.kubelet.worker;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.kubelet.sync.PodSync;
import skiff.kubelet.sync.SyncOutcome;

/**
 * One pod's worker: a virtual thread that runs that pod's syncs one at a time, on the latest version of the pod,
 * whenever the pod changed, a container exited, or a timer it asked for expired (k/k pkg/kubelet/pod_workers.go:
 * one goroutine per pod UID serialising its syncs). Triggers that arrive during a sync coalesce into one more.
 */
final class PodWorker {
    private static final Logger LOG = LoggerFactory.getLogger(PodWorker.class);
    private static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(5);

    private final String uid;
    private final PodSync sync;
    private final Clock clock;
    private final Duration resync;
    private final Consumer<PodWorker> onDone;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Pod pod;
    /** The pod the running sync was given; null between syncs. */
    private Pod syncing;
    private boolean removed;
    private boolean pending = true;
    private boolean stopped;
    private boolean done;
    private long wakeAt;
    private Thread thread;

    PodWorker(Pod pod, boolean removed, PodSync sync, Clock clock, Duration resync, Consumer<PodWorker> onDone) {
        this.uid = pod.getMetadata().getUid();
        this.pod = pod;
        this.removed = removed;
        this.sync = sync;
        this.clock = clock;
        this.resync = resync;
        this.onDone = onDone;
    }

    String uid() {
        return uid;
    }

    void start() {
        thread = Thread.ofVirtual().name("pod-worker-" + pod.getMetadata().getName()).start(this::run);
    }

    /** Hands the worker a newer pod; false if the worker has finished and a new one is needed. */
    boolean update(Pod newer) {
        lock.lock();
        try {
            if (done) {
                return false;
            }
            if (!removed) {
                pod = newer;
                if (syncing != null && shortensGracePeriod(syncing, newer)) {
                    syncing = newer;
                    Thread.ofVirtual().name("pod-worker-shorten-" + newer.getMetadata().getName())
                            .start(() -> sync.shortenGracePeriod(newer));
                }
            }
            pending = true;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    // k/k pkg/kubelet/pod_workers.go UpdatePod: a deletion grace period shorter than the one the running sync stops
    // the containers with cancels that sync and stops them again with the shorter one; the sync itself is not
    // cancelled here (a runtime's stop may be stopped again at any time), the containers are stopped again beside it.
    private static boolean shortensGracePeriod(Pod running, Pod newer) {
        Long before = running.getMetadata().getDeletionGracePeriodSeconds();
        Long after = newer.getMetadata().getDeletionGracePeriodSeconds();
        return before != null && after != null && after < before;
    }

    /**
     * Hands the worker a pod whose newer version changed only its status: the next sync sees it, and {@code sync}
     * asks for one now. False if the worker has finished.
     */
    boolean reconcile(Pod newer, boolean sync) {
        lock.lock();
        try {
            if (done) {
                return false;
            }
            if (!removed) {
                pod = newer;
            }
            if (sync) {
                pending = true;
                changed.signalAll();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The pod is gone from the API; false if the worker has finished. */
    boolean remove(Pod last) {
        lock.lock();
        try {
            if (done) {
                return false;
            }
            pod = last;
            removed = true;
            pending = true;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    void trigger() {
        lock.lock();
        try {
            pending = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void stop() {
        lock.lock();
        try {
            stopped = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void join(Duration timeout) throws InterruptedException {
        if (thread != null) {
            thread.join(timeout);
        }
    }

    private void run() {
        while (true) {
            Pod current;
            boolean gone;
            lock.lock();
            try {
                if (!awaitWork()) {
                    return;
                }
                pending = false;
                current = pod;
                syncing = pod;
                gone = removed;
            } finally {
                lock.unlock();
            }
            SyncOutcome outcome;
            try {
                outcome = sync.sync(current, gone);
            } catch (RuntimeException e) {
                LOG.warn("pod sync failed pod={}/{} uid={}", current.getMetadata().getNamespace(),
                        current.getMetadata().getName(), uid, e);
                outcome = new SyncOutcome(false, java.util.Optional.of(RETRY_AFTER_ERROR));
            }
            lock.lock();
            try {
                syncing = null;
                if (outcome.done() && !pending) {
                    done = true;
                    break;
                }
                Duration next = outcome.done() ? resync : outcome.requeueAfter().orElse(resync);
                wakeAt = clock.nanoTime() + (next.compareTo(resync) < 0 ? next : resync).toNanos();
            } finally {
                lock.unlock();
            }
        }
        onDone.accept(this);
    }

    /** Waits for a trigger or the timer; false when stopped. Called with the lock held. */
    private boolean awaitWork() {
        try {
            while (!stopped && !pending) {
                long left = wakeAt - clock.nanoTime();
                if (left <= 0) {
                    pending = true;
                    break;
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !stopped;
    }
}
