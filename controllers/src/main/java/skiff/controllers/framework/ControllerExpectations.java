package skiff.controllers.framework;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import skiff.api.time.Clock;

/**
 * What a controller is waiting to see in its informer after its own writes, per controller key: how many creations
 * and which deletions (by pod key). A controller skips managing replicas while its writes are not observed yet, so
 * a slow cache never makes it create or delete twice (k/k pkg/controller/controller_utils.go ControllerExpectations
 * and UIDTrackingControllerExpectations).
 */
public final class ControllerExpectations {
    // k/k controller_utils.go ExpectationsTimeout: unmet expectations stop blocking syncs after five minutes.
    public static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final Clock clock;
    private final Map<String, Pending> byKey = new ConcurrentHashMap<>();

    public ControllerExpectations(Clock clock) {
        this.clock = clock;
    }

    private record Pending(int adds, Set<String> deletions, long sinceNanos) {
        boolean fulfilled() {
            return adds <= 0 && deletions.isEmpty();
        }

        Pending withAddsLowered() {
            return new Pending(adds - 1, deletions, sinceNanos);
        }

        Pending without(String podKey) {
            Set<String> rest = new HashSet<>(deletions);
            rest.remove(podKey);
            return new Pending(adds, Set.copyOf(rest), sinceNanos);
        }
    }

    /**
     * Whether the controller may act on {@code key}: nothing is pending, everything pending was observed, or the
     * expectations are older than {@link #TIMEOUT}.
     */
    public boolean satisfied(String key) {
        Pending p = byKey.get(key);
        return p == null || p.fulfilled() || expired(p);
    }

    private boolean expired(Pending p) {
        return clock.nanoTime() - p.sinceNanos > TIMEOUT.toNanos();
    }

    /** Replaces what {@code key} waits for with {@code count} creations. */
    public void expectCreations(String key, int count) {
        byKey.put(key, new Pending(count, Set.of(), clock.nanoTime()));
    }

    /** Replaces what {@code key} waits for with the deletion of these pods ({@code namespace/name} keys). */
    public void expectDeletions(String key, Set<String> podKeys) {
        byKey.put(key, new Pending(0, Set.copyOf(podKeys), clock.nanoTime()));
    }

    /** The informer saw one pod created for {@code key}, or a creation will never happen. */
    public void creationObserved(String key) {
        byKey.computeIfPresent(key, (k, p) -> p.withAddsLowered());
    }

    /** The informer saw {@code podKey} deleted (or marked for deletion); counts only if it was expected. */
    public void deletionObserved(String key, String podKey) {
        byKey.computeIfPresent(key, (k, p) -> p.without(podKey));
    }

    /** Forgets {@code key}, whose controller object is gone. */
    public void delete(String key) {
        byKey.remove(key);
    }
}
