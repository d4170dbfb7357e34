package skiff.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.client.events.ApiEventSink;
import skiff.client.events.EventRecorder;
import skiff.client.informers.InformerRestarts;
import skiff.scheduler.cache.SchedulerCache;
import skiff.scheduler.framework.Profile;
import skiff.scheduler.framework.ScheduleResult;
import skiff.scheduler.framework.SchedulingAlgorithm;
import skiff.scheduler.queue.QueuedPod;
import skiff.scheduler.queue.SchedulingQueue;

/**
 * The scheduler, an API client like kube-scheduler: informers over nodes and pods feed a cache of assigned pods and
 * a queue of pending ones; one loop takes a pod at a time, picks a node, assumes the pod there and binds it through
 * the API off the loop (k/k pkg/scheduler/scheduler.go and schedule_one.go scheduleOne).
 */
public final class Scheduler implements AutoCloseable {
    public static final String NAME = "default-scheduler";
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final int MAX_BINDINGS_IN_FLIGHT = 16;
    private static final int MAX_EVENTS_IN_FLIGHT = 16;

    private final Clock clock;
    private final SchedulingQueue queue;
    private final SchedulerCache cache = new SchedulerCache();
    private final ReentrantLock cacheLock = new ReentrantLock();
    private final SchedulingAlgorithm algorithm;
    private final BindingCycle binding;
    private final UnschedulableCondition unschedulable;
    private final EventRecorder events;
    private final SharedIndexInformer<Node> nodes;
    private final SharedIndexInformer<Pod> pods;
    private final ExecutorService conditionWrites = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread loop;
    private volatile boolean running = true;

    private Scheduler(KubernetesClient client, Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.queue = new SchedulingQueue(clock);
        this.algorithm = new SchedulingAlgorithm(Profile.defaults(), random);
        this.unschedulable = new UnschedulableCondition(client);
        // client-go tools/events event_broadcaster.go recordToSink writes each event on a goroutine of its own: one
        // writer at a time would fall behind the bindings, leaving Scheduled events minutes late.
        this.events = new EventRecorder(new ApiEventSink(client), clock, NAME, "", Executors.newFixedThreadPool(
                MAX_EVENTS_IN_FLIGHT, Thread.ofVirtual().name("events-" + NAME + "-", 0).factory()));
        this.binding = new BindingCycle(PodBinder.forApi(client), cache, cacheLock, queue, events,
                Executors.newVirtualThreadPerTaskExecutor(), MAX_BINDINGS_IN_FLIGHT);
        SchedulerEventHandlers handlers = new SchedulerEventHandlers(cache, cacheLock, queue);
        this.nodes = InformerRestarts.install(NAME, client.nodes().runnableInformer(0));
        this.nodes.addEventHandler(handlers.nodes());
        this.pods = InformerRestarts.install(NAME, client.pods().inAnyNamespace().runnableInformer(0));
        this.pods.addEventHandler(handlers.pods());
        this.loop = Thread.ofPlatform().name("scheduler").daemon().unstarted(this::run);
    }

    /** Starts the informers and the scheduling loop; pods are scheduled once both informers have synced. */
    public static Scheduler start(KubernetesClient client, Clock clock, RandomGenerator random) {
        Scheduler scheduler = new Scheduler(client, clock, random);
        scheduler.nodes.start();
        scheduler.pods.start();
        scheduler.loop.start();
        return scheduler;
    }

    /**
     * k/k scheduler.go Run waits for the event handlers, not just the informers, to have taken in the first list:
     * fabric8 delivers it to handlers after the store is filled, and placing pods on a partial node list would
     * crowd the first nodes.
     */
    private boolean cacheHasFirstNodes() {
        cacheLock.lock();
        try {
            return nodes.getStore().listKeys().stream().allMatch(name -> cache.node(name).isPresent());
        } finally {
            cacheLock.unlock();
        }
    }

    private void run() {
        while (running && !(nodes.hasSynced() && pods.hasSynced() && cacheHasFirstNodes())) {
            try {
                clock.sleep(Duration.ofMillis(20)); // waiting for the informers' first list
            } catch (InterruptedException e) {
                return;
            }
        }
        LOG.info("scheduler started nodes={}", cache.nodeList().size());
        while (running) {
            try {
                var next = queue.pop(Duration.ofSeconds(1));
                if (next.isPresent()) {
                    scheduleOne(next.get());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("scheduling attempt failed", e);
            }
        }
    }

    /** One scheduling cycle for one pod; its binding cycle goes on on another thread. */
    void scheduleOne(QueuedPod attempt) throws InterruptedException {
        Pod pod = attempt.pod();
        long cycle = queue.schedulingCycle();
        ScheduleResult result;
        cacheLock.lock();
        try {
            result = algorithm.schedule(pod, cache.nodeList());
            if (result instanceof ScheduleResult.Suggested s) {
                cache.assume(pod, s.node());
            }
        } catch (RuntimeException e) {
            // A fault, not an outcome: the pod waits out its backoff and is tried again.
            queue.addBackoff(attempt);
            throw e;
        } finally {
            cacheLock.unlock();
        }
        switch (result) {
            case ScheduleResult.Suggested s -> binding.start(attempt, s.node());
            case ScheduleResult.Unschedulable u -> {
                LOG.debug("unschedulable pod={} message={}", attempt.key(), u.message());
                queue.addUnschedulable(attempt, cycle);
                events.event(pod, EventRecorder.WARNING, "FailedScheduling", u.message());
                conditionWrites.execute(() -> recordUnschedulable(pod, u.message()));
            }
        }
    }

    private void recordUnschedulable(Pod pod, String message) {
        try {
            unschedulable.record(pod, message, clock.now());
        } catch (KubernetesClientException e) {
            LOG.info("pod={}/{} condition not written: {}", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        queue.close();
        loop.interrupt();
        try {
            loop.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        nodes.close();
        pods.close();
        binding.close();
        conditionWrites.shutdown();
        try {
            conditionWrites.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
    }
}
