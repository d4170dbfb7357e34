package skiff.store.sqlite;

import skiff.store.KeyValueStore;
import skiff.store.KeyValueStoreContract;

class SqliteKeyValueStoreTest extends KeyValueStoreContract {
    @Override
    protected KeyValueStore openStore() {
        return SqliteKeyValueStore.open(directory.resolve("store.db"));
    }
}
