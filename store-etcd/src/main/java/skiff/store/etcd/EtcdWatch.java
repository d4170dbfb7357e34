package skiff.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.store.CompactedException;
import skiff.store.KeyValue;
import skiff.store.StoreException;
import skiff.store.Watch;
import skiff.store.WatchEvent;
import skiff.store.WatchListener;

/**
 * One etcd watch with previous values and progress notifications (as kube-apiserver's etcd3 watcher asks for, k/k
 * staging/src/k8s.io/apiserver/pkg/storage/etcd3/watcher.go, 1.32), its events handed to the listener in order on a
 * thread of its own, so that a listener may call the store.
 *
 * <p>etcd starts the watch at {@code afterRevision} itself (and the events of that revision are dropped here), so
 * that etcd refuses it exactly when {@code afterRevision} is below the compact revision, as the store's contract
 * says; etcd itself would still accept a start at the compact revision.
 */
final class EtcdWatch implements Watch {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdWatch.class);

    private final EtcdKeys keys;
    private final long afterRevision;
    private final WatchListener listener;
    private final Consumer<EtcdWatch> onEnd;
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("skiff-etcd-watch").factory());
    private final CompletableFuture<Void> created = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicReference<Throwable> lastError = new AtomicReference<>();
    private volatile io.etcd.jetcd.Watch.Watcher watcher;

    EtcdWatch(EtcdKeys keys, long afterRevision, WatchListener listener, Consumer<EtcdWatch> onEnd) {
        this.keys = keys;
        this.afterRevision = afterRevision;
        this.listener = listener;
        this.onEnd = onEnd;
    }

    /** Starts the etcd watch and returns once etcd has created it. */
    void start(io.etcd.jetcd.Watch client, ByteSequence prefix, Duration timeout) {
        watcher = client.watch(prefix, WatchOption.builder().isPrefix(true).withPrevKV(true).withProgressNotify(true)
                .withCreateNotify(true).withRevision(Math.max(1, afterRevision)).build(), new Listener());
        try {
            created.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            close();
            if (e.getCause() instanceof io.etcd.jetcd.common.exception.CompactedException compacted) {
                throw new CompactedException(afterRevision, compacted.getCompactedRevision());
            }
            throw new StoreException("etcd: cannot watch: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            close();
            throw new StoreException("etcd did not create the watch within " + timeout.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new StoreException("interrupted while waiting for etcd", e);
        }
    }

    @Override
    public void requestProgress() {
        io.etcd.jetcd.Watch.Watcher w = watcher;
        if (w != null && !ended.get()) {
            w.requestProgress();
        }
    }

    @Override
    public void close() {
        if (end()) {
            delivery.shutdown();
        }
    }

    /** The store closes: the listener is told, without a cause. */
    void closeByStore() {
        if (end()) {
            delivery.execute(() -> listener.onClose(null));
            delivery.shutdown();
        }
    }

    /** Stops the etcd watch; true for the call that did. */
    private boolean end() {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        io.etcd.jetcd.Watch.Watcher w = watcher;
        if (w != null) {
            w.close();
        }
        onEnd.accept(this);
        return true;
    }

    private final class Listener implements io.etcd.jetcd.Watch.Listener {
        @Override
        public void onNext(WatchResponse response) {
            if (response.isCreatedNotify()) {
                created.complete(null);
                return;
            }
            if (response.getEvents().isEmpty()) {
                long revision = response.getHeader().getRevision();
                deliver(() -> listener.onProgress(revision));
                return;
            }
            List<WatchEvent> events = new ArrayList<>();
            for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
                WatchEvent event = toEvent(e);
                if (event.revision() > afterRevision) {
                    events.add(event);
                }
            }
            if (!events.isEmpty()) {
                deliver(() -> listener.onEvents(events));
            }
        }

        /** jetcd reports every error here; it retries the ones it can, from the last revision it delivered. */
        @Override
        public void onError(Throwable error) {
            lastError.set(error);
            if (!created.isDone()) {
                created.completeExceptionally(error);
            } else {
                LOG.debug("etcd watch error: {}", error.getMessage());
            }
        }

        /** The watch ended for good: after an error jetcd does not retry, or because it was closed. */
        @Override
        public void onCompleted() {
            if (!created.isDone()) {
                created.completeExceptionally(lastError.get() != null ? lastError.get()
                        : new StoreException("the etcd watch ended before it started"));
                return;
            }
            if (ended.compareAndSet(false, true)) {
                onEnd.accept(EtcdWatch.this);
                Throwable error = lastError.get();
                Throwable cause = error instanceof io.etcd.jetcd.common.exception.CompactedException compacted
                        ? new CompactedException(afterRevision, compacted.getCompactedRevision())
                        : new StoreException("the etcd watch ended: " + (error == null ? "closed by etcd"
                                : error.getMessage()), error);
                delivery.execute(() -> listener.onClose(cause));
                delivery.shutdown();
            }
        }
    }

    private void deliver(Runnable call) {
        try {
            delivery.execute(() -> {
                if (!ended.get()) {
                    call.run();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed meanwhile: nothing more is delivered.
        }
    }

    private WatchEvent toEvent(io.etcd.jetcd.watch.WatchEvent e) {
        io.etcd.jetcd.KeyValue current = e.getKeyValue();
        io.etcd.jetcd.KeyValue previous = e.getPrevKV();
        boolean hasPrevious = previous != null && previous.getCreateRevision() != 0;
        long revision = current.getModRevision();
        if (e.getEventType() == io.etcd.jetcd.watch.WatchEvent.EventType.DELETE) {
            KeyValue deleted = hasPrevious ? toKeyValue(previous)
                    : new KeyValue(keys.fromEtcd(current.getKey()), new byte[0], 0, revision);
            return new WatchEvent(WatchEvent.Type.DELETE, deleted, null, revision);
        }
        return new WatchEvent(WatchEvent.Type.PUT, toKeyValue(current), hasPrevious ? toKeyValue(previous) : null,
                revision);
    }

    private KeyValue toKeyValue(io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(keys.fromEtcd(kv.getKey()), kv.getValue().getBytes(), kv.getCreateRevision(),
                kv.getModRevision());
    }
}
