package skiff.bench.store;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;

/**
 * etcd through jetcd, writing as the Kubernetes API server does on create: a transaction that puts the key only if
 * its create_revision is 0 (absent). etcd answers once the entry is in its fsynced WAL.
 */
public final class EtcdWriter implements DurableWriter {
    private final Client client;
    private final KV kv;

    public EtcdWriter(String endpoint) {
        this.client = Client.builder().endpoints(endpoint).build();
        this.kv = client.getKVClient();
    }

    @Override
    public boolean createIfAbsent(String key, byte[] value) throws Exception {
        ByteSequence k = ByteSequence.from(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
                .commit()
                .get()
                .isSucceeded();
    }

    @Override
    public void close() {
        kv.close();
        client.close();
    }
}
