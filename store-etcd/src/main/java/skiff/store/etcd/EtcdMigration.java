package skiff.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.OptionsUtil;
import io.etcd.jetcd.options.PutOption;
import java.util.ArrayList;
import java.util.List;
import skiff.store.KeyValue;
import skiff.store.KeyValueStore;
import skiff.store.RangeResult;
import skiff.store.StoreException;

/**
 * Copies every key of one store, as it is at one revision, into etcd under the target's prefix, in the layout the
 * etcd store writes (kube-apiserver's: PREFIX/pods/NAMESPACE/NAME), values unchanged.
 *
 * <p>Revisions cannot be carried over: etcd numbers its own, so each object's resourceVersion becomes the revision
 * of its copy. The keys go in transactions of up to 128 (etcd's --max-txn-ops), one revision each, so the objects
 * copied together share a resourceVersion; each object's own still changes with its every write. Afterwards etcd is compacted at its current revision, so that a client still holding an old
 * resourceVersion is told 410 Gone and lists again instead of watching from a number that now means something else.
 */
public final class EtcdMigration {
    /** The API server's keys start with this root in every store. */
    private static final String ROOT = "/registry";
    /** etcd's default --max-txn-ops: the most operations in one branch of a transaction. */
    private static final int MAX_TXN_OPS = 128;
    /** Well below etcd's default --max-request-bytes (1.5 MiB); a larger value goes in a transaction of its own. */
    private static final long MAX_TXN_BYTES = 1 << 20;
    private static final int PAGE = 500;

    /**
     * What was copied.
     *
     * @param keys how many keys
     * @param sourceRevision the source store's revision that was copied
     * @param etcdRevision etcd's revision after the copy, at which it was compacted
     */
    public record Result(long keys, long sourceRevision, long etcdRevision) {}

    private EtcdMigration() {}

    /**
     * Copies {@code source} into the etcd of {@code target}. The target prefix must hold no key, unless
     * {@code replace}, which first deletes every key under it.
     *
     * @throws StoreException when the prefix holds keys (and not {@code replace}), or etcd fails; a key written to
     *     the prefix by someone else during the copy stops it
     */
    public static Result copy(KeyValueStore source, EtcdOptions target, boolean replace) {
        try (EtcdKeyValueStore etcd = EtcdKeyValueStore.open(target, ROOT)) {
            long existing = etcd.count(ROOT);
            if (existing > 0 && !replace) {
                throw new StoreException("etcd already holds " + existing + " keys under " + target.prefix()
                        + ": refusing to mix two clusters (--force deletes them first)");
            }
            ByteSequence prefix = etcd.keys().etcdPrefixOf(ROOT).orElseThrow();
            if (existing > 0) {
                etcd.await(etcd.client().getKVClient().delete(prefix,
                        DeleteOption.builder().withRange(OptionsUtil.prefixEndOf(prefix)).build()));
            }
            long revision = source.currentRevision();
            long copied = 0;
            Batch batch = new Batch();
            String after = null;
            while (true) {
                RangeResult page = source.range(ROOT + "/", after, PAGE, revision);
                for (KeyValue kv : page.items()) {
                    if (!batch.fits(kv)) {
                        copied += batch.commit(etcd);
                        batch = new Batch();
                    }
                    batch.add(kv);
                }
                if (!page.more() || page.items().isEmpty()) {
                    break;
                }
                after = page.items().getLast().key();
            }
            copied += batch.commit(etcd);
            long etcdRevision = etcd.currentRevision();
            etcd.compact(etcdRevision);
            return new Result(copied, revision, etcdRevision);
        }
    }

    /** Keys put in one transaction, each only if absent. */
    private static final class Batch {
        private final List<KeyValue> items = new ArrayList<>();
        private long bytes;

        boolean fits(KeyValue kv) {
            return items.isEmpty() || items.size() < MAX_TXN_OPS && bytes + size(kv) <= MAX_TXN_BYTES;
        }

        void add(KeyValue kv) {
            items.add(kv);
            bytes += size(kv);
        }

        long commit(EtcdKeyValueStore etcd) {
            if (items.isEmpty()) {
                return 0;
            }
            List<Cmp> absent = new ArrayList<>();
            List<Op> puts = new ArrayList<>();
            for (KeyValue kv : items) {
                ByteSequence key = etcd.keys().toEtcd(kv.key());
                absent.add(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)));
                puts.add(Op.put(key, ByteSequence.from(kv.value()), PutOption.DEFAULT));
            }
            TxnResponse response = etcd.await(etcd.client().getKVClient().txn()
                    .If(absent.toArray(Cmp[]::new)).Then(puts.toArray(Op[]::new)).commit());
            if (!response.isSucceeded()) {
                throw new StoreException("a key under the target prefix was written during the copy: stop whatever "
                        + "else writes there and migrate again with --force");
            }
            return items.size();
        }

        private static long size(KeyValue kv) {
            return kv.key().length() + kv.value().length;
        }
    }
}
