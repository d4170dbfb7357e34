package skiff.image;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The kubelet's image garbage collection policy (k/k pkg/kubelet/images/image_gc_manager.go, v1.32), as a pure
 * function of the images' usage and the image filesystem's space: once usage reaches {@code highThresholdPercent},
 * unused images are freed, least recently used first, until usage would be at {@code lowThresholdPercent}; images in
 * use or pinned are never freed, nor images younger than {@code minAge}; with {@code maxAge} above zero, unused
 * images not used for longer than that are freed whatever the disk usage.
 */
public record ImageGcPolicy(int highThresholdPercent, int lowThresholdPercent, Duration minAge, Duration maxAge) {

    public ImageGcPolicy {
        // The kubelet's own validation (NewImageGCManager).
        if (highThresholdPercent < 0 || highThresholdPercent > 100) {
            throw new IllegalArgumentException("invalid high threshold " + highThresholdPercent + ": must be 0-100");
        }
        if (lowThresholdPercent < 0 || lowThresholdPercent > 100) {
            throw new IllegalArgumentException("invalid low threshold " + lowThresholdPercent + ": must be 0-100");
        }
        if (lowThresholdPercent > highThresholdPercent) {
            throw new IllegalArgumentException("low threshold " + lowThresholdPercent
                    + " must not exceed the high threshold " + highThresholdPercent);
        }
        if (minAge.isNegative() || maxAge.isNegative()) {
            throw new IllegalArgumentException("image GC ages must not be negative");
        }
    }

    /** The kubelet's defaults: 85 %, 80 %, a minimum age of 2 minutes, no maximum age. */
    public static ImageGcPolicy defaults() {
        return new ImageGcPolicy(85, 80, Duration.ofMinutes(2), Duration.ZERO);
    }

    /** What the collector knows of one image. */
    public record ImageUsage(Digest id, long size, Instant firstDetected, Instant lastUsed, boolean inUse,
            boolean pinned) {}

    /**
     * The images to free, oldest use first, and whether they free enough.
     *
     * @param bytesToFree 0 when usage is below the high threshold
     */
    public record Plan(List<Digest> remove, long bytesToFree, long bytesFreed) {
        public Plan {
            remove = List.copyOf(remove);
        }

        public boolean enough() {
            return bytesFreed >= bytesToFree;
        }

        /** The kubelet's message when not enough can be freed. */
        public String shortfallMessage() {
            return "Failed to garbage collect required amount of images. Attempted to free " + bytesToFree
                    + " bytes, but only found " + bytesFreed + " bytes eligible to free.";
        }
    }

    /** The images to free at {@code now}, given the image filesystem's capacity and available bytes. */
    public Plan plan(Instant now, long capacity, long available, List<ImageUsage> images) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("invalid capacity " + capacity + " on the image filesystem");
        }
        List<ImageUsage> candidates = new ArrayList<>(images.stream().filter(i -> !i.inUse() && !i.pinned())
                .sorted(Comparator.comparing(ImageUsage::lastUsed).thenComparing(ImageUsage::firstDetected))
                .toList());
        List<Digest> remove = new ArrayList<>();
        if (!maxAge.isZero()) {
            for (var it = candidates.iterator(); it.hasNext();) {
                ImageUsage image = it.next();
                if (Duration.between(image.lastUsed(), now).compareTo(maxAge) > 0) {
                    remove.add(image.id());
                    it.remove();
                }
            }
        }
        long avail = Math.min(available, capacity);
        int usagePercent = 100 - (int) (avail * 100 / capacity);
        if (usagePercent < highThresholdPercent) {
            return new Plan(remove, 0, 0);
        }
        long bytesToFree = capacity * (100 - lowThresholdPercent) / 100 - avail;
        long freed = 0;
        for (ImageUsage image : candidates) {
            if (freed >= bytesToFree) {
                break;
            }
            if (!image.lastUsed().isBefore(now) || Duration.between(image.firstDetected(), now).compareTo(minAge) < 0) {
                continue;
            }
            remove.add(image.id());
            freed += image.size();
        }
        return new Plan(remove, bytesToFree, freed);
    }
}
