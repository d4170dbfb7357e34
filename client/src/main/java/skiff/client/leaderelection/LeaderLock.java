package skiff.client.leaderelection;

import java.util.Optional;

/**
 * Where the leader record is kept (client-go resourcelock.Interface). Errors other than a lost race are thrown, and
 * count as a failed attempt.
 */
public interface LeaderLock {
    /** The record and the version it was read at; empty when there is no lock yet. */
    Optional<LeaderElectionRecord.Versioned> get();

    /** Creates the lock holding {@code record}: its version, or empty if another candidate created it first. */
    Optional<String> create(LeaderElectionRecord record);

    /** Replaces the record read or written at {@code version}: the new version, or empty if it changed since. */
    Optional<String> update(LeaderElectionRecord record, String version);

    /** Records an Event about the lock, such as "ID became leader". */
    void recordEvent(String message);

    /** The lock's namespace/name, for logs. */
    String describe();
}
