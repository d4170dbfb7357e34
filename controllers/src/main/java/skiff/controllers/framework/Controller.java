package skiff.controllers.framework;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.client.workqueue.RateLimitingQueue;

/**
 * Runs one queue's workers, as k/k controllers' Run methods do: wait until every informer the sync reads has
 * listed once, then start N workers that each loop get → sync → forget or requeue → done.
 *
 * <pre>{@code
 * Controller<String> c = context.<String>controller("serviceaccount")
 *         .queue(queue).informers(List.of(namespaces, serviceAccounts)).handler(sync::sync).workers(2)
 *         .closing(events).build();
 * c.start();
 * }</pre>
 */
public final class Controller<K> implements ManagedController {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
    // client-go tools/cache WaitForCacheSync looks at HasSynced every 100 ms.
    private static final Duration SYNC_POLL = Duration.ofMillis(100);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final String name;
    private final RateLimitingQueue<K> queue;
    private final List<SharedIndexInformer<?>> informers;
    private final SyncHandler<K> handler;
    private final int workers;
    private final Clock clock;
    private final List<AutoCloseable> owned;
    private final ExecutorService threads;

    private Controller(Builder<K> b) {
        this.name = b.name;
        this.queue = b.queue;
        this.informers = List.copyOf(b.informers);
        this.handler = b.handler;
        this.workers = b.workers;
        this.clock = b.clock;
        this.owned = List.copyOf(b.owned);
        this.threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-", 0).factory());
    }

    public static <K> Builder<K> builder(String name) {
        return new Builder<>(name);
    }

    public String name() {
        return name;
    }

    /** Returns at once; workers start on virtual threads once the caches have synced. */
    public void start() {
        threads.submit(this::run);
    }

    private void run() {
        try {
            if (!waitForCacheSync()) {
                return;
            }
        } catch (InterruptedException e) {
            return;
        }
        LOG.info("controller={} caches synced, starting workers={}", name, workers);
        for (int i = 0; i < workers; i++) {
            threads.submit(this::work);
        }
    }

    /** Blocks until every informer has synced; false if the controller was stopped first. */
    boolean waitForCacheSync() throws InterruptedException {
        while (!informers.stream().allMatch(SharedIndexInformer::hasSynced)) {
            if (queue.shuttingDown()) {
                return false;
            }
            clock.sleep(SYNC_POLL);
        }
        return true;
    }

    private void work() {
        try {
            while (true) {
                Optional<K> key = queue.get();
                if (key.isEmpty()) {
                    return;
                }
                process(key.get());
            }
        } catch (InterruptedException e) {
            // Stopped.
        }
    }

    /** Syncs one key the queue handed out and settles it; the queue's {@code done} always follows. */
    void process(K key) {
        try {
            SyncResult result;
            try {
                result = handler.sync(key);
            } catch (RuntimeException e) {
                result = SyncResult.retry(String.valueOf(e.getMessage()));
                LOG.debug("controller={} key={} sync failed", name, key, e);
            }
            settle(key, result);
        } finally {
            queue.done(key);
        }
    }

    private void settle(K key, SyncResult result) {
        switch (result) {
            case SyncResult.Done d -> queue.forget(key);
            case SyncResult.RequeueAfter r -> {
                queue.forget(key);
                queue.addAfter(key, r.delay());
            }
            case SyncResult.Retry r -> {
                LOG.info("controller={} key={} retries={} will retry: {}", name, key, queue.numRequeues(key),
                        r.reason());
                queue.addRateLimited(key);
            }
        }
    }

    /**
     * Shuts the queue down and stops the workers, interrupting syncs that are still running, then closes what the
     * controller owns (its event recorder).
     */
    @Override
    public void close() {
        queue.shutDown();
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("controller={} workers did not stop within {}", name, STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("controller={} could not close {}: {}", name, resource, e.toString());
            }
        }
    }

    /** Collects a controller's parts; {@link #build()} rejects a missing one. */
    public static final class Builder<K> {
        private final String name;
        private RateLimitingQueue<K> queue;
        private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
        private SyncHandler<K> handler;
        private int workers = 1;
        private Clock clock;
        private final List<AutoCloseable> owned = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder<K> queue(RateLimitingQueue<K> q) {
            this.queue = q;
            return this;
        }

        /** The informers whose caches the sync reads; workers wait until all have synced. */
        public Builder<K> informers(List<? extends SharedIndexInformer<?>> list) {
            informers.addAll(list);
            return this;
        }

        public Builder<K> handler(SyncHandler<K> h) {
            this.handler = h;
            return this;
        }

        public Builder<K> workers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("workers must be at least 1");
            }
            this.workers = n;
            return this;
        }

        public Builder<K> clock(Clock c) {
            this.clock = c;
            return this;
        }

        /** Something the controller owns, such as its event recorder: closed once the workers have stopped. */
        public Builder<K> closing(AutoCloseable resource) {
            owned.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        public Controller<K> build() {
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(clock, "clock");
            return new Controller<>(this);
        }
    }
}
