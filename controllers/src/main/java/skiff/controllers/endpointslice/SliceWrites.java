package skiff.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The slice writes this controller made that its informer may not show yet, per Service, so that a sync does not
 * act on a cache older than its own writes (k/k staging/src/k8s.io/endpointslice endpointslice_tracker.go,
 * StaleSlices). k/k compares metadata.generation; Skiff's API server keeps no generation for EndpointSlices, so the
 * resourceVersion the write returned stands in for it, compared as Skiff's numeric revision.
 */
final class SliceWrites {
    private static final long DELETED = -1;

    private final Map<String, Map<String, Long>> byService = new ConcurrentHashMap<>();

    void written(String serviceKey, EndpointSlice slice) {
        revision(slice).ifPresent(rv -> byService.computeIfAbsent(serviceKey, k -> new ConcurrentHashMap<>())
                .put(slice.getMetadata().getUid(), rv));
    }

    void deleted(String serviceKey, EndpointSlice slice) {
        byService.computeIfAbsent(serviceKey, k -> new ConcurrentHashMap<>())
                .put(slice.getMetadata().getUid(), DELETED);
    }

    /** Whether {@code cached} (the Service's slices in the informer) lacks a write this controller made. */
    boolean stale(String serviceKey, List<EndpointSlice> cached) {
        Map<String, Long> expected = byService.get(serviceKey);
        if (expected == null) {
            return false;
        }
        Map<String, EndpointSlice> seen = new HashMap<>();
        for (EndpointSlice slice : cached) {
            seen.put(slice.getMetadata().getUid(), slice);
        }
        for (Map.Entry<String, Long> write : expected.entrySet()) {
            EndpointSlice slice = seen.get(write.getKey());
            if (write.getValue() == DELETED) {
                if (slice != null) {
                    return true;
                }
            } else if (slice == null || revision(slice).orElse(Long.MAX_VALUE) < write.getValue()) {
                return true;
            }
        }
        return false;
    }

    /** Drops what the cache has caught up with: writes it shows and deletions it no longer holds. */
    void settle(String serviceKey, List<EndpointSlice> cached) {
        if (byService.containsKey(serviceKey) && !stale(serviceKey, cached)) {
            byService.remove(serviceKey);
        }
    }

    /** The informer saw the slice go: whoever deleted it, nothing more is expected of it. */
    void gone(String serviceKey, String uid) {
        Map<String, Long> expected = byService.get(serviceKey);
        if (expected != null) {
            expected.remove(uid);
        }
    }

    void forgetService(String serviceKey) {
        byService.remove(serviceKey);
    }

    private static OptionalLong revision(EndpointSlice slice) {
        try {
            return OptionalLong.of(Long.parseLong(slice.getMetadata().getResourceVersion()));
        } catch (NumberFormatException | NullPointerException e) {
            return OptionalLong.empty();
        }
    }
}
