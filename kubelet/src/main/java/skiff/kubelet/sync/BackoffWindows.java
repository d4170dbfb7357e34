package skiff.kubelet.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Read-only view of restart back-off, as the planner consults it. */
@FunctionalInterface
public interface BackoffWindows {

    /**
     * The back-off window for {@code key} that applies to a container which finished at {@code finishedAt}, if any:
     * a restart is held until {@code finishedAt + window}.
     */
    Optional<Duration> window(String key, Instant finishedAt);

    BackoffWindows NONE = (key, finishedAt) -> Optional.empty();
}
