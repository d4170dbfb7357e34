package skiff.kubelet.sync;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What applying a plan produced beyond the runtime's own state.
 *
 * @param waiting waiting reasons for containers that could not be started, by container name
 * @param retryAfter when to try again after a failure
 */
public record PodSyncResult(Map<String, PodActions.Waiting> waiting, Optional<Duration> retryAfter) {
    public PodSyncResult {
        waiting = Map.copyOf(waiting);
    }
}
