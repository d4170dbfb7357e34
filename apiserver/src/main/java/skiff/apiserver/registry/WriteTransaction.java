package skiff.apiserver.registry;

/**
 * Work a strategy did before a write (allocating from a finite pool) that the write's outcome settles: committed once
 * the store accepted the write, reverted when the write failed (k/k apiserver registry/generic/registry/store.go
 * BeginCreate and BeginUpdate return a FinishFunc told whether the write succeeded).
 */
public interface WriteTransaction {
    WriteTransaction NONE = new WriteTransaction() {
        @Override
        public void commit() {}

        @Override
        public void revert() {}
    };

    void commit();

    void revert();
}
