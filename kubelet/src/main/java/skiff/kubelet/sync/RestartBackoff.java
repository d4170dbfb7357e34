package skiff.kubelet.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import skiff.api.time.Clock;

/**
 * Per-container restart back-off, the CrashLoopBackOff delay: 10 s, doubled per restart up to 5 min, forgotten once
 * a container ran 10 min (twice the cap) without being restarted. Keys are stable per pod and container spec, so a
 * spec change starts over (docs concepts/workloads/pods/pod-lifecycle.md "Container restarts"; k/k
 * pkg/kubelet/kubelet.go backOffPeriod and MaxContainerBackOff).
 */
public final class RestartBackoff implements BackoffWindows {
    public static final Duration INITIAL = Duration.ofSeconds(10);
    public static final Duration MAX = Duration.ofMinutes(5);

    private final Clock clock;
    private final Duration initial;
    private final Duration max;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(Duration window, Instant lastUpdate) {}

    public RestartBackoff(Clock clock) {
        this(clock, INITIAL, MAX);
    }

    public RestartBackoff(Clock clock, Duration initial, Duration max) {
        this.clock = clock;
        this.initial = initial;
        this.max = max;
    }

    /** The key of one container of one pod with one spec (k/k kuberuntime_manager.go getStableKey). */
    public static String key(String namespace, String podName, String podUid, String container, String specHash) {
        return podName + "_" + namespace + "_" + podUid + "_" + container + "_" + specHash;
    }

    // client-go util/flowcontrol/backoff.go IsInBackOffSince: an entry older than twice the cap (measured from the
    // event) no longer counts; otherwise the current window applies from the event.
    @Override
    public Optional<Duration> window(String key, Instant finishedAt) {
        Entry entry = entries.get(key);
        if (entry == null || expired(finishedAt, entry)) {
            return Optional.empty();
        }
        return Optional.of(entry.window);
    }

    // client-go util/flowcontrol/backoff.go Next: a new or expired entry starts at the initial window, an existing
    // one doubles up to the cap.
    /** Records a restart of the container that finished at {@code finishedAt}. */
    public void next(String key, Instant finishedAt) {
        entries.compute(key, (k, entry) -> {
            Duration window = entry == null || expired(finishedAt, entry) ? initial
                    : min(entry.window.multipliedBy(2), max);
            return new Entry(window, clock.now());
        });
    }

    /** Forgets every key of a pod that is gone. */
    public void forgetPod(String podUid) {
        entries.keySet().removeIf(k -> k.contains("_" + podUid + "_"));
    }

    /** Drops entries too old to matter any more. */
    public void gc() {
        Instant now = clock.now();
        entries.values().removeIf(e -> expired(now, e));
    }

    private boolean expired(Instant eventTime, Entry entry) {
        return Duration.between(entry.lastUpdate, eventTime).compareTo(max.multipliedBy(2)) > 0;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
