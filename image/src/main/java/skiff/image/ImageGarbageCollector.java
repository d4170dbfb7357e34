package skiff.image;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies an {@link ImageGcPolicy} to an {@link OciImageStore}, remembering as the kubelet does when each image (by
 * ID, its config digest) was first detected and last used: an image in use at a round is used at that instant.
 * Not thread-safe: the kubelet runs one round at a time.
 */
public final class ImageGarbageCollector {
    /** How old an unreferenced blob must be to count as left by an interrupted pull or import. */
    static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofHours(1);

    private final OciImageStore store;
    private final ImageGcPolicy policy;
    private final Map<Digest, Instant[]> records = new HashMap<>();

    public ImageGarbageCollector(OciImageStore store, ImageGcPolicy policy) {
        this.store = store;
        this.policy = policy;
    }

    /**
     * One round at {@code now}: notes the images present and those in use ({@code inUse}: image IDs, i.e. config
     * digests), then removes what the policy frees, and blobs no image references that are over an hour old.
     * {@link ImageGcPolicy.Plan#enough()} false is the kubelet's
     * ImageGCFailed condition.
     */
    public ImageGcPolicy.Plan collect(Instant now, Set<Digest> inUse, Set<Digest> pinned) throws IOException {
        List<ImageGcPolicy.ImageUsage> usage = new ArrayList<>();
        Map<Digest, Instant[]> seen = new HashMap<>();
        for (StoredImage image : store.images()) {
            Digest id = image.configDigest();
            Instant[] times = records.getOrDefault(id, new Instant[] {now, Instant.EPOCH});
            boolean used = inUse.contains(id);
            if (used) {
                times[1] = now;
            }
            seen.put(id, times);
            usage.add(new ImageGcPolicy.ImageUsage(id, image.size(), times[0], times[1], used, pinned.contains(id)));
        }
        records.clear();
        records.putAll(seen);
        OciImageStore.FileSystemUsage fs = store.fileSystemUsage();
        ImageGcPolicy.Plan plan = policy.plan(now, fs.capacity(), fs.available(), usage);
        for (Digest id : plan.remove()) {
            store.removeImage(id, inUse);
            records.remove(id);
        }
        store.pruneUnreferenced(ABANDONED_AFTER);
        return plan;
    }
}
