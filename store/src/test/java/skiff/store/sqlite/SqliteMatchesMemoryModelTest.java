package skiff.store.sqlite;

import skiff.store.KeyValueStore;
import skiff.store.StoreMatchesMemoryModel;

class SqliteMatchesMemoryModelTest extends StoreMatchesMemoryModel {
    @Override
    protected KeyValueStore open() {
        return SqliteKeyValueStore.open(directory.resolve("store.db"));
    }

    @Override
    protected KeyValueStore reopen() {
        return open();
    }
}
