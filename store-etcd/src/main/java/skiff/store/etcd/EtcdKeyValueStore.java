package skiff.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.OptionsUtil;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import skiff.store.CompactedException;
import skiff.store.KeyValue;
import skiff.store.KeyValueStore;
import skiff.store.RangeResult;
import skiff.store.StoreException;
import skiff.store.Watch;
import skiff.store.WatchListener;
import skiff.store.WriteResult;

/**
 * The store on an etcd cluster, written to as kube-apiserver's etcd3 store writes (k/k
 * staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go, 1.32): a create is a transaction that puts the key only
 * while its create_revision is 0, an update or a delete one that acts only while its mod_revision is the one the
 * caller read, and otherwise reads the key back. Revisions are etcd's own, so an object's resourceVersion is its
 * key's mod_revision, as in Kubernetes.
 */
public final class EtcdKeyValueStore implements KeyValueStore {
    /** Key order is etcd's range order; pages of this many keys keep each answer well below gRPC's limits. */
    private static final int PAGE = 1000;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Any key serves to read the header's revision; kube-apiserver's compactor key is always outside the prefix. */
    static final ByteSequence COMPACT_REV_KEY = EtcdKeys.bytes("compact_rev_key");

    private final Client client;
    private final KV kv;
    private final EtcdKeys keys;
    private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<EtcdCompactor> compactor = new AtomicReference<>();

    private EtcdKeyValueStore(Client client, EtcdKeys keys) {
        this.client = client;
        this.kv = client.getKVClient();
        this.keys = keys;
    }

    /**
     * Connects and reads etcd's revision once, so that an unreachable cluster is told at once.
     *
     * @param root the prefix every key of this store starts with ("/registry"), kept in etcd as the options' prefix
     * @throws StoreException when etcd does not answer within ten seconds
     */
    public static EtcdKeyValueStore open(EtcdOptions options, String root) {
        return open(options, root, CONNECT_TIMEOUT);
    }

    static EtcdKeyValueStore open(EtcdOptions options, String root, Duration connectTimeout) {
        EtcdKeyValueStore store = new EtcdKeyValueStore(client(options),
                new EtcdKeys(EtcdKeys.normalisePrefix(root), options.prefix()));
        try {
            store.await(store.kv.get(COMPACT_REV_KEY, GetOption.builder().withCountOnly(true).build()),
                    connectTimeout);
        } catch (StoreException e) {
            store.close();
            // One line for the operator: what was tried and the deepest reason, no chain of causes.
            throw new StoreException("cannot reach etcd at " + String.join(",",
                    options.endpoints().stream().map(Object::toString).toList()) + ": " + rootMessage(e));
        }
        return store;
    }

    private static Client client(EtcdOptions options) {
        ClientBuilder builder = Client.builder().endpoints(options.endpoints())
                // kube-apiserver lifts gRPC's 4 MiB receive limit too (MaxCallRecvMsgSize math.MaxInt32).
                .maxInboundMessageSize(Integer.MAX_VALUE)
                .connectTimeout(CONNECT_TIMEOUT)
                // A call while etcd is unreachable fails (after jetcd's retries) instead of waiting for it.
                .waitForReady(false);
        if (options.caFile() != null || options.certFile() != null) {
            try {
                builder.sslContext(ssl -> {
                    if (options.caFile() != null) {
                        ssl.trustManager(options.caFile().toFile());
                    }
                    if (options.certFile() != null) {
                        ssl.keyManager(options.certFile().toFile(), options.keyFile().toFile());
                    }
                });
            } catch (SSLException | IllegalArgumentException e) {
                throw new StoreException("cannot use the etcd TLS files: " + e.getMessage(), e);
            }
        }
        return builder.build();
    }

    private static String rootMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
        }
        return message;
    }

    @Override
    public long currentRevision() {
        ensureOpen();
        return await(kv.get(COMPACT_REV_KEY, GetOption.builder().withCountOnly(true).build())).getHeader()
                .getRevision();
    }

    /**
     * etcd 3.4 reports its compact revision nowhere but in a refused watch, and only after first saying the watch was
     * created; a read at a revision is refused exactly below it, so it is found by bisection (about twenty reads of
     * one key). 0 when nothing was compacted past revision 1.
     */
    @Override
    public long compactRevision() {
        ensureOpen();
        long low = 1;
        long high = currentRevision();
        if (high <= 1 || readableAt(low)) {
            return 0;
        }
        // Invariant: not readable at low, readable at high.
        while (high - low > 1) {
            long middle = low + (high - low) / 2;
            if (readableAt(middle)) {
                high = middle;
            } else {
                low = middle;
            }
        }
        return high;
    }

    private boolean readableAt(long revision) {
        try {
            await(kv.get(COMPACT_REV_KEY, GetOption.builder().withRevision(revision).withCountOnly(true).build()));
            return true;
        } catch (StoreException e) {
            if (isCompacted(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<KeyValue> get(String key) {
        ensureOpen();
        GetResponse response = await(kv.get(keys.toEtcd(key)));
        return response.getKvs().stream().findFirst().map(this::toKeyValue);
    }

    @Override
    public RangeResult range(String prefix, String startAfter, int limit, long revision) {
        ensureOpen();
        Optional<ByteSequence> etcdPrefix = keys.etcdPrefixOf(prefix);
        if (etcdPrefix.isEmpty()) {
            return new RangeResult(List.of(), revision == 0 ? currentRevision() : revision, false);
        }
        ByteSequence end = OptionsUtil.prefixEndOf(etcdPrefix.get());
        ByteSequence from = startAfter == null || startAfter.compareTo(prefix) < 0 ? etcdPrefix.get()
                : keys.toEtcd(startAfter).concat(ByteSequence.from(new byte[] {0}));
        List<KeyValue> items = new ArrayList<>();
        long at = revision;
        while (true) {
            int want = limit == 0 ? PAGE : Math.min(PAGE, limit - items.size());
            GetResponse page = rangeOnce(from, end, want, at, revision);
            if (at == 0) {
                at = page.getHeader().getRevision();
            }
            page.getKvs().forEach(found -> items.add(toKeyValue(found)));
            boolean more = page.isMore();
            if (!more || limit > 0 && items.size() >= limit) {
                return new RangeResult(List.copyOf(items), at, more);
            }
            from = page.getKvs().getLast().getKey().concat(ByteSequence.from(new byte[] {0}));
        }
    }

    private GetResponse rangeOnce(ByteSequence from, ByteSequence end, int limit, long at, long asked) {
        try {
            return await(kv.get(from, GetOption.builder().withRange(end).withLimit(limit).withRevision(at).build()));
        } catch (StoreException e) {
            if (isCompacted(e)) {
                throw new CompactedException(asked, compactRevision());
            }
            throw e;
        }
    }

    @Override
    public long count(String prefix) {
        ensureOpen();
        Optional<ByteSequence> etcdPrefix = keys.etcdPrefixOf(prefix);
        if (etcdPrefix.isEmpty()) {
            return 0;
        }
        return await(kv.get(etcdPrefix.get(), GetOption.builder().withRange(OptionsUtil.prefixEndOf(etcdPrefix.get()))
                .withCountOnly(true).build())).getCount();
    }

    @Override
    public WriteResult create(String key, byte[] value) {
        ensureOpen();
        ByteSequence k = keys.toEtcd(key);
        TxnResponse response = await(kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit());
        if (!response.isSucceeded()) {
            return mismatch(response);
        }
        long revision = response.getHeader().getRevision();
        return new WriteResult.Committed(revision, new KeyValue(key, value.clone(), revision, revision));
    }

    @Override
    public WriteResult update(String key, byte[] value, long expectedModRevision) {
        ensureOpen();
        if (expectedModRevision == 0) {
            // No key has mod_revision 0, and comparing with 0 would match an absent key and create it.
            return new WriteResult.RevisionMismatch(get(key));
        }
        ByteSequence k = keys.toEtcd(key);
        TxnResponse response = await(kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.builder().withPrevKV().build()))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit());
        if (!response.isSucceeded()) {
            return mismatch(response);
        }
        long revision = response.getHeader().getRevision();
        long created = response.getPutResponses().getFirst().getPrevKv().getCreateRevision();
        return new WriteResult.Committed(revision, new KeyValue(key, value.clone(), created, revision));
    }

    @Override
    public WriteResult delete(String key, long expectedModRevision) {
        ensureOpen();
        ByteSequence k = keys.toEtcd(key);
        Cmp condition = expectedModRevision == 0
                ? new Cmp(k, Cmp.Op.GREATER, CmpTarget.modRevision(0))
                : new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision));
        TxnResponse response = await(kv.txn()
                .If(condition)
                .Then(Op.delete(k, DeleteOption.builder().withPrevKV(true).build()))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit());
        if (!response.isSucceeded()) {
            return mismatch(response);
        }
        long revision = response.getHeader().getRevision();
        return new WriteResult.Committed(revision,
                toKeyValue(response.getDeleteResponses().getFirst().getPrevKvs().getFirst()));
    }

    private WriteResult mismatch(TxnResponse response) {
        return new WriteResult.RevisionMismatch(
                response.getGetResponses().getFirst().getKvs().stream().findFirst().map(this::toKeyValue));
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        ensureOpen();
        Optional<ByteSequence> etcdPrefix = keys.etcdPrefixOf(prefix);
        // A prefix no key can have is watched as an impossible etcd key, so progress and closing still work.
        ByteSequence watched = etcdPrefix.orElse(EtcdKeys.bytes("\u0000skiff-nothing"));
        // etcd first creates a watch from a compacted revision and cancels it later; a read at the revision says now.
        if (afterRevision > 0 && !readableAt(afterRevision) || afterRevision == 0 && !readableAt(1)) {
            throw new CompactedException(afterRevision, compactRevision());
        }
        EtcdWatch watch = new EtcdWatch(keys, afterRevision, listener, watches::remove);
        watches.add(watch);
        try {
            watch.start(client.getWatchClient(), watched, CALL_TIMEOUT);
        } catch (RuntimeException e) {
            watches.remove(watch);
            throw e;
        }
        return watch;
    }

    /**
     * Compacts etcd at {@code revision} (at most the current revision); a revision already compacted is left as it
     * is. This is etcd's compaction as such: the API server's periodic compaction goes through {@link
     * EtcdCompactor}, which several API servers share.
     */
    @Override
    public void compact(long revision) {
        ensureOpen();
        long target = Math.min(revision, currentRevision());
        if (target <= 0) {
            return;
        }
        try {
            await(kv.compact(target));
        } catch (StoreException e) {
            if (!isCompacted(e)) {
                throw e;
            }
        }
    }

    /**
     * Runs kube-apiserver's periodic compaction (every {@code interval}; never if it is zero) until the store
     * closes.
     */
    public void startCompaction(Duration interval) {
        ensureOpen();
        EtcdCompactor started = compactor(interval).start();
        if (!compactor.compareAndSet(null, started)) {
            started.close();
            throw new IllegalStateException("compaction already runs");
        }
    }

    /** A compactor on this store's client, not started. */
    EtcdCompactor compactor(Duration interval) {
        return new EtcdCompactor(kv, interval);
    }

    Client client() {
        return client;
    }

    EtcdKeys keys() {
        return keys;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            EtcdCompactor running = compactor.get();
            if (running != null) {
                running.close();
            }
            for (EtcdWatch watch : List.copyOf(watches)) {
                watch.closeByStore();
            }
            client.close();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new StoreException("the etcd store is closed");
        }
    }

    private KeyValue toKeyValue(io.etcd.jetcd.KeyValue found) {
        return new KeyValue(keys.fromEtcd(found.getKey()), found.getValue().getBytes(), found.getCreateRevision(),
                found.getModRevision());
    }

    private static boolean isCompacted(StoreException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("required revision has been compacted")) {
                return true;
            }
        }
        return false;
    }

    <T> T await(CompletableFuture<T> call) {
        return await(call, CALL_TIMEOUT);
    }

    private <T> T await(CompletableFuture<T> call, Duration timeout) {
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("etcd: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new StoreException("etcd did not answer within " + timeout.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for etcd", e);
        }
    }
}
