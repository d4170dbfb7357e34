package skiff.store.etcd;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import skiff.store.KeyValueStore;
import skiff.store.StoreMatchesMemoryModel;

/** The model-based test on a real etcd, each seed under an etcd prefix of its own; fewer operations (round trips). */
@ExtendWith(EtcdExtension.class)
class EtcdMatchesMemoryModelTest extends StoreMatchesMemoryModel {
    private static final AtomicInteger STORES = new AtomicInteger();
    private static EtcdServer etcd;
    private String prefix;

    @BeforeAll
    static void useEtcd(EtcdServer server) {
        etcd = server;
    }

    @Override
    protected int operations() {
        return 600;
    }

    @Override
    protected KeyValueStore open() {
        prefix = "/model-" + STORES.incrementAndGet();
        return reopen();
    }

    @Override
    protected KeyValueStore reopen() {
        return EtcdKeyValueStore.open(etcd.options().withPrefix(prefix), "");
    }
}
