package skiff.kubelet.images;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import skiff.api.time.Clock;

/**
 * The image pull back-off, client-go util/flowcontrol/backoff.go as the kubelet builds it for images (k/k
 * pkg/kubelet/kubelet.go v1.32: NewBackOff(backOffPeriod 10s, MaxContainerBackOff 300s), no jitter): a failed pull
 * holds further pulls of the key for 10 s, doubled per failure up to 300 s; an entry untouched for twice the cap
 * starts over.
 */
public final class PullBackoff {
    public static final Duration INITIAL = Duration.ofSeconds(10);
    public static final Duration MAX = Duration.ofSeconds(300);

    private record Entry(Duration window, Instant lastUpdate) {}

    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public PullBackoff(Clock clock) {
        this.clock = clock;
    }

    /** The key of an image of a pod (k/k images/image_manager.go: {@code POD_UID + "_" + image}). */
    public static String key(String podUid, String image) {
        return podUid + "_" + image;
    }

    /** backoff.go IsInBackOffSinceUpdate: the last failure's window has not passed yet. */
    public boolean inBackoff(String key) {
        Entry e = entries.get(key);
        Instant now = clock.now();
        if (e == null || expired(now, e)) {
            return false;
        }
        return now.isBefore(e.lastUpdate.plus(e.window));
    }

    /** backoff.go Next: records a failure; the window starts at 10 s or doubles up to the cap. */
    public void failed(String key) {
        Instant now = clock.now();
        entries.compute(key, (k, e) -> {
            Duration window = e == null || expired(now, e) ? INITIAL
                    : e.window.multipliedBy(2).compareTo(MAX) > 0 ? MAX : e.window.multipliedBy(2);
            return new Entry(window, now);
        });
    }

    /** backoff.go GC: forgets entries untouched for twice the cap. */
    public void gc() {
        Instant now = clock.now();
        entries.values().removeIf(e -> expired(now, e));
    }

    /** Forgets every key of a pod that is gone. */
    public void forgetPod(String podUid) {
        entries.keySet().removeIf(k -> k.startsWith(podUid + "_"));
    }

    private static boolean expired(Instant now, Entry e) {
        return Duration.between(e.lastUpdate, now).compareTo(MAX.multipliedBy(2)) > 0;
    }
}
