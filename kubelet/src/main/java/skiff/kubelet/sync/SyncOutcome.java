package skiff.kubelet.sync;

import java.time.Duration;
import java.util.Optional;

/**
 * How one sync of a pod ended, for its worker.
 *
 * @param done nothing of the pod runs and nothing will, unless the pod changes: the worker may go away
 * @param requeueAfter sync again after this long even without a trigger
 */
public record SyncOutcome(boolean done, Optional<Duration> requeueAfter) {

    public static SyncOutcome finished() {
        return new SyncOutcome(true, Optional.empty());
    }
}
