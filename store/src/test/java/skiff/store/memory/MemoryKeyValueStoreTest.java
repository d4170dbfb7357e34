package skiff.store.memory;

import skiff.store.KeyValueStore;
import skiff.store.KeyValueStoreContract;

class MemoryKeyValueStoreTest extends KeyValueStoreContract {
    @Override
    protected KeyValueStore openStore() {
        return new MemoryKeyValueStore();
    }
}
