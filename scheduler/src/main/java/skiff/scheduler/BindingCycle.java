package skiff.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.client.events.EventRecorder;
import skiff.scheduler.cache.SchedulerCache;
import skiff.scheduler.queue.QueuedPod;
import skiff.scheduler.queue.SchedulingQueue;

/**
 * The binding half of a scheduling attempt, off the scheduling loop (k/k pkg/scheduler/schedule_one.go: scheduleOne
 * assumes the pod, then runs bindingCycle in a goroutine). The loop has already counted the pod on its node and
 * moves on to the next pod while the Binding is written, a bounded number at a time. On success the pod's
 * {@code Scheduled} event is recorded (asynchronously, as client-go's event broadcaster does); a Binding the API
 * refuses is undone as handleBindingCycleError does: the pod is forgotten from the cache, so its requests stop
 * counting on that node, and returns to the queue to retry after its backoff.
 */
final class BindingCycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BindingCycle.class);

    private final PodBinder binder;
    private final SchedulerCache cache;
    private final ReentrantLock cacheLock;
    private final SchedulingQueue queue;
    private final EventRecorder events;
    private final ExecutorService executor;
    private final Semaphore slots;

    BindingCycle(PodBinder binder, SchedulerCache cache, ReentrantLock cacheLock, SchedulingQueue queue,
            EventRecorder events, ExecutorService executor, int maxInFlight) {
        this.binder = binder;
        this.cache = cache;
        this.cacheLock = cacheLock;
        this.queue = queue;
        this.events = events;
        this.executor = executor;
        this.slots = new Semaphore(maxInFlight);
    }

    /** Binds the assumed pod on another thread; waits only while {@code maxInFlight} bindings are already out. */
    void start(QueuedPod attempt, String node) throws InterruptedException {
        slots.acquire();
        try {
            executor.execute(() -> {
                try {
                    bind(attempt, node);
                } finally {
                    slots.release();
                }
            });
        } catch (RejectedExecutionException closed) {
            slots.release();
            forget(attempt);
        }
    }

    private void bind(QueuedPod attempt, String node) {
        Pod pod = attempt.pod();
        try {
            binder.bind(pod, node);
        } catch (RuntimeException e) {
            // Any failure, not only a refusal by the API (a closed client, a timeout), undoes the assumption.
            LOG.info("binding failed pod={} node={} code={} message={}", attempt.key(), node,
                    e instanceof KubernetesClientException k ? k.getCode() : "-", e.getMessage());
            forget(attempt);
            events.event(pod, EventRecorder.WARNING, "FailedScheduling", "Binding rejected: " + e.getMessage());
            return;
        }
        queue.done(attempt.uid());
        events.event(pod, EventRecorder.NORMAL, "Scheduled", "Successfully assigned "
                + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " to " + node);
    }

    private void forget(QueuedPod attempt) {
        cacheLock.lock();
        try {
            cache.forget(attempt.uid());
        } finally {
            cacheLock.unlock();
        }
        queue.addBackoff(attempt);
    }

    /** Waits (a few seconds at most) for the bindings already started. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
