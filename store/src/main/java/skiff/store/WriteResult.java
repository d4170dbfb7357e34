package skiff.store;

import java.util.Optional;

/** The outcome of a conditional write: committed at a revision, or refused because the key was not as expected. */
public sealed interface WriteResult {

    /**
     * The write is durable at {@code revision}. For create and update {@code kv} is the new value; for delete it
     * is the value the key held just before it was deleted.
     */
    record Committed(long revision, KeyValue kv) implements WriteResult {}

    /**
     * The precondition failed: create found the key present, update or delete found it absent or at another
     * modification revision. {@code current} is what the store holds now.
     */
    record RevisionMismatch(Optional<KeyValue> current) implements WriteResult {}
}
