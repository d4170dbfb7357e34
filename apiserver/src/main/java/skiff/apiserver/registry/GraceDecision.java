package skiff.apiserver.registry;

import java.time.Instant;

/** What a delete does about an object's grace period (k/k apiserver pkg/registry/rest/delete.go BeforeDelete). */
sealed interface GraceDecision {

    /** No grace period: the object goes now, or is only marked while finalizers hold it. */
    record Immediate() implements GraceDecision {}

    /** A graceful deletion is already under way and this delete does not shorten it: nothing changes. */
    record Pending() implements GraceDecision {}

    /**
     * Start a graceful deletion, or shorten one under way: the object is marked to go at {@code deletionTimestamp}.
     *
     * @param first whether the object had no deletionTimestamp before
     */
    record Graceful(long seconds, Instant deletionTimestamp, boolean first) implements GraceDecision {}
}
