package skiff.kubelet.prober;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The current result of every probe, by probe type and container ID (k/k pkg/kubelet/prober/results
 * results_manager.go); a change is reported with the pod UID.
 */
public final class ProbeResults {
    private record Key(ProbeType type, String containerId) {}

    private final Map<Key, ProbeResult> results = new ConcurrentHashMap<>();
    private final BiConsumer<String, ProbeType> onChange;

    /** @param onChange told (pod UID, probe type) when a result changes */
    public ProbeResults(BiConsumer<String, ProbeType> onChange) {
        this.onChange = onChange;
    }

    public Optional<ProbeResult> get(ProbeType type, String containerId) {
        return Optional.ofNullable(results.get(new Key(type, containerId)));
    }

    public void set(ProbeType type, String containerId, ProbeResult result, String podUid) {
        ProbeResult previous = results.put(new Key(type, containerId), result);
        if (previous != result) {
            onChange.accept(podUid, type);
        }
    }

    public void remove(ProbeType type, String containerId) {
        results.remove(new Key(type, containerId));
    }
}
