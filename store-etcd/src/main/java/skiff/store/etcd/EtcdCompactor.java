package skiff.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-apiserver's etcd compactor (k/k staging/src/k8s.io/apiserver/pkg/storage/etcd3/compact.go, 1.32): every
 * interval (--etcd-compaction-interval, 5 minutes) it compacts etcd at the revision it saw one interval earlier.
 * The key compact_rev_key holds the last revision compacted and its version is a logical clock: a compactor
 * compacts only if it wins a compare-and-swap on that version, so several API servers on one etcd compact once per
 * interval between them, and another takes over when one stops.
 */
final class EtcdCompactor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdCompactor.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final KV kv;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("skiff-etcd-compactor").factory());
    /** The version of compact_rev_key this compactor last saw or wrote. */
    private long compactTime;
    /** The revision etcd was at when this compactor last looked. */
    private long revision;

    EtcdCompactor(KV kv, Duration interval) {
        this.kv = kv;
        this.interval = interval;
    }

    /** Compacts every interval from now on, the first time one interval from now (none if the interval is 0). */
    EtcdCompactor start() {
        if (!interval.isZero()) {
            long nanos = interval.toNanos();
            timer.scheduleWithFixedDelay(this::tickLogged, nanos, nanos, TimeUnit.NANOSECONDS);
        }
        return this;
    }

    private void tickLogged() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("etcd compaction failed: {}", e.getMessage());
        }
    }

    /**
     * One round: if no other compactor moved compact_rev_key since this one last looked, take the next compact
     * time and compact at the revision seen in the previous round (none on the first); otherwise adopt the other's
     * compact time. Either way remember etcd's current revision for the next round.
     *
     * @return the revision compacted in this round, or 0
     */
    synchronized long tick() {
        ByteSequence key = EtcdKeyValueStore.COMPACT_REV_KEY;
        TxnResponse response = await(kv.txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(compactTime)))
                .Then(Op.put(key, ByteSequence.from(Long.toString(revision), StandardCharsets.UTF_8),
                        PutOption.DEFAULT))
                .Else(Op.get(key, GetOption.DEFAULT))
                .commit());
        long compactAt = revision;
        revision = response.getHeader().getRevision();
        if (!response.isSucceeded()) {
            compactTime = response.getGetResponses().getFirst().getKvs().getFirst().getVersion();
            return 0;
        }
        compactTime++;
        if (compactAt == 0) {
            return 0;
        }
        await(kv.compact(compactAt));
        LOG.info("etcd compacted at revision {}", compactAt);
        return compactAt;
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> call) {
        try {
            return call.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new skiff.store.StoreException("etcd: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new skiff.store.StoreException("etcd did not answer within " + CALL_TIMEOUT.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new skiff.store.StoreException("interrupted while waiting for etcd", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
