package skiff.client.leaderelection;

import java.time.Instant;

/**
 * What a leader lock holds (client-go tools/leaderelection/resourcelock LeaderElectionRecord, 1.32): who leads, for
 * how long a renewal counts, when they took it and last renewed it, and how often leadership has changed hands. An
 * empty holder means the lock was released.
 */
public record LeaderElectionRecord(String holderIdentity, int leaseDurationSeconds, Instant acquireTime,
        Instant renewTime, int leaderTransitions) {

    /** A record read at a version, which an update must name (optimistic concurrency). */
    public record Versioned(LeaderElectionRecord record, String version) {}
}
