package skiff.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
import skiff.scheduler.framework.CycleInputs;
import skiff.scheduler.framework.FitErrorMessage;
import skiff.scheduler.framework.NodeInfo;
import skiff.scheduler.framework.PodVolumes;
import skiff.scheduler.framework.PodImportance;
import skiff.scheduler.framework.PreemptionOutcome;
import skiff.scheduler.framework.Profile;
import skiff.scheduler.framework.ScheduleResult;
import skiff.scheduler.framework.SchedulingAlgorithm;
import skiff.scheduler.metrics.SchedulerMetrics;
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
    private final SharedIndexInformer<PodDisruptionBudget> budgets;
    private final SharedIndexInformer<PersistentVolumeClaim> claims;
    private final SharedIndexInformer<PersistentVolume> volumes;
    private final SharedIndexInformer<StorageClass> storageClasses;
    private final VolumeBinding volumeBinding;
    private final Nominator nominator = new Nominator();
    private final VictimPreemption preemption;
    private final ExecutorService conditionWrites = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread loop;
    private final SchedulerMetrics metrics;
    private volatile boolean running = true;

    private Scheduler(KubernetesClient client, Clock clock, RandomGenerator random, PrometheusRegistry registry) {
        this.clock = clock;
        this.queue = new SchedulingQueue(clock);
        this.metrics = SchedulerMetrics.register(registry, NAME, queue);
        this.algorithm = new SchedulingAlgorithm(Profile.defaults(), random);
        this.unschedulable = new UnschedulableCondition(client);
        // client-go tools/events event_broadcaster.go recordToSink writes each event on a goroutine of its own: one
        // writer at a time would fall behind the bindings, leaving Scheduled events minutes late.
        this.events = new EventRecorder(new ApiEventSink(client), clock, NAME, "", Executors.newFixedThreadPool(
                MAX_EVENTS_IN_FLIGHT, Thread.ofVirtual().name("events-" + NAME + "-", 0).factory()));
        this.claims = InformerRestarts.install(NAME,
                client.persistentVolumeClaims().inAnyNamespace().runnableInformer(0));
        this.volumes = InformerRestarts.install(NAME, client.persistentVolumes().runnableInformer(0));
        this.storageClasses = InformerRestarts.install(NAME,
                client.storage().v1().storageClasses().runnableInformer(0));
        this.volumeBinding = new VolumeBinding(claims.getStore(), volumes.getStore(), storageClasses.getStore(),
                this::node, client, clock);
        // volume_binding.go EventsToRegister: a claim, volume or class that appears or changes may let a pod in.
        claims.addEventHandler(new RetryUnschedulable<>(queue));
        volumes.addEventHandler(new RetryUnschedulable<>(queue));
        storageClasses.addEventHandler(new RetryUnschedulable<>(queue));
        PodBinder api = PodBinder.forApi(client);
        this.binding = new BindingCycle((pod, node) -> {
            try {
                volumeBinding.preBind(pod, node);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while binding volumes", e);
            }
            api.bind(pod, node);
        }, cache, cacheLock, queue, events, Executors.newVirtualThreadPerTaskExecutor(), MAX_BINDINGS_IN_FLIGHT);
        this.preemption = new VictimPreemption(client, events);
        SchedulerEventHandlers handlers = new SchedulerEventHandlers(cache, cacheLock, queue, nominator);
        this.nodes = InformerRestarts.install(NAME, client.nodes().runnableInformer(0));
        this.nodes.addEventHandler(handlers.nodes());
        this.pods = InformerRestarts.install(NAME, client.pods().inAnyNamespace().runnableInformer(0));
        this.pods.addEventHandler(handlers.pods());
        this.budgets = InformerRestarts.install(NAME,
                client.policy().v1().podDisruptionBudget().inAnyNamespace().runnableInformer(0));
        this.loop = Thread.ofPlatform().name("scheduler").daemon().unstarted(this::run);
    }

    /** Starts the informers and the scheduling loop; pods are scheduled once both informers have synced. */
    public static Scheduler start(KubernetesClient client, Clock clock, RandomGenerator random) {
        return start(client, clock, random, new PrometheusRegistry());
    }

    /** Like {@link #start(KubernetesClient, Clock, RandomGenerator)}, registering its metrics on {@code registry}. */
    public static Scheduler start(KubernetesClient client, Clock clock, RandomGenerator random,
            PrometheusRegistry registry) {
        Scheduler scheduler = new Scheduler(client, clock, random, registry);
        scheduler.nodes.start();
        scheduler.pods.start();
        scheduler.budgets.start();
        scheduler.claims.start();
        scheduler.volumes.start();
        scheduler.storageClasses.start();
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
        while (running && !(nodes.hasSynced() && pods.hasSynced() && budgets.hasSynced() && claims.hasSynced()
                && volumes.hasSynced() && storageClasses.hasSynced() && cacheHasFirstNodes())) {
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
        long started = clock.nanoTime();
        long cycle = queue.schedulingCycle();
        VolumeBinding.Found found = volumeBinding.preFilter(pod);
        CycleInputs inputs = new CycleInputs(nominator.nodeOf(attempt.uid()).orElse(null), nominator,
                budgets.getStore().list(), clock.now(),
                found instanceof VolumeBinding.Found.Volumes v ? v.volumes() : PodVolumes.NONE);
        ScheduleResult result;
        cacheLock.lock();
        try {
            List<NodeInfo> nodeList = cache.nodeList();
            result = found instanceof VolumeBinding.Found.Refused r && !nodeList.isEmpty()
                    ? new ScheduleResult.Unschedulable(FitErrorMessage.preFilter(nodeList.size(), r.message()),
                            Optional.empty())
                    : algorithm.schedule(pod, nodeList, inputs);
            if (result instanceof ScheduleResult.Suggested s) {
                cache.assume(pod, s.node());
                nominator.remove(attempt.uid());
            }
        } catch (RuntimeException e) {
            // A fault, not an outcome: the pod waits out its backoff and is tried again.
            queue.addBackoff(attempt);
            metrics.attempt(SchedulerMetrics.ERROR, Duration.ofNanos(clock.nanoTime() - started));
            throw e;
        } finally {
            cacheLock.unlock();
        }
        // k/k schedule_one.go records the attempt when its outcome is known; Skiff counts a suggested node as
        // scheduled when its binding starts, as the binding cycle runs on apart.
        metrics.attempt(result instanceof ScheduleResult.Suggested ? SchedulerMetrics.SCHEDULED
                : SchedulerMetrics.UNSCHEDULABLE, Duration.ofNanos(clock.nanoTime() - started));
        switch (result) {
            case ScheduleResult.Suggested s -> binding.start(attempt, s.node());
            case ScheduleResult.Unschedulable u -> failed(attempt, cycle, u, inputs.now());
        }
    }

    // k/k schedule_one.go: PostFilter (preemption) makes its API calls within the cycle, then handleSchedulingFailure
    // records the event, the condition and the nomination.
    private void failed(QueuedPod attempt, long cycle, ScheduleResult.Unschedulable u, Instant now) {
        Pod pod = latest(attempt.pod());
        String message = u.message();
        Optional<String> nomination = Optional.empty();
        switch (u.preemption().orElse(null)) {
            case PreemptionOutcome.Preempt p -> {
                try {
                    preemption.evict(pod, p.candidate(), now);
                    int priority = PodImportance.priority(pod);
                    List<Pod> lower = nominator.on(p.candidate().node()).stream()
                            .filter(n -> PodImportance.priority(n) < priority).toList();
                    lower.forEach(n -> nominator.remove(n.getMetadata().getUid()));
                    conditionWrites.execute(() -> clearNominations(lower));
                    nominator.nominate(pod, p.candidate().node());
                    nomination = Optional.of(p.candidate().node());
                } catch (RuntimeException e) {
                    // Any failure, not only a refusal by the API: the pod must still go back to the queue.
                    LOG.info("preemption failed pod={} node={} message={}", attempt.key(), p.candidate().node(),
                            e.getMessage());
                    message = message + " preemption: " + e.getMessage() + ".";
                }
            }
            case PreemptionOutcome.NoCandidate n -> {
                nominator.remove(attempt.uid());
                nomination = Optional.of("");
            }
            case PreemptionOutcome.NotEligible n -> { }
            case null -> { }
        }
        LOG.debug("unschedulable pod={} message={}", attempt.key(), message);
        queue.addUnschedulable(attempt, cycle);
        events.event(pod, EventRecorder.WARNING, "FailedScheduling", message);
        String text = message;
        Optional<String> nominated = nomination;
        conditionWrites.execute(() -> recordUnschedulable(pod, text, nominated));
    }

    /** The pod as the informer has it now, with the status the scheduler wrote (k/k Preempt reads the lister). */
    private Pod latest(Pod pod) {
        Pod current = pods.getStore().getByKey(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
        return current != null && current.getMetadata().getUid().equals(pod.getMetadata().getUid()) ? current : pod;
    }

    private void clearNominations(List<Pod> lower) {
        try {
            preemption.clearNominations(lower);
        } catch (KubernetesClientException e) {
            LOG.info("nominations not cleared: {}", e.getMessage());
        }
    }

    private void recordUnschedulable(Pod pod, String message, Optional<String> nomination) {
        try {
            unschedulable.record(pod, message, nomination, clock.now());
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
        budgets.close();
        claims.close();
        volumes.close();
        storageClasses.close();
        binding.close();
        conditionWrites.shutdown();
        try {
            conditionWrites.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
        metrics.unregister();
    }

    private Node node(String name) {
        return nodes.getStore().getByKey(name);
    }
}
