package skiff.kubelet.images;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.image.Digest;
import skiff.image.ImageGarbageCollector;
import skiff.image.ImageGcPolicy;
import skiff.image.ImageReference;
import skiff.image.OciImageStore;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.runtime.RuntimeContainer;

/**
 * The kubelet's image garbage collection: every {@link #PERIOD}, the images of all containers the runtime knows
 * (running or exited) are in use, and the {@link ImageGcPolicy} frees the rest as the disk fills up (k/k v1.32
 * pkg/kubelet/images/image_gc_manager.go detectImages and GarbageCollect; kubelet.go ImageGCPeriod 5 min).
 */
public final class ImageGc {
    private static final Logger LOG = LoggerFactory.getLogger(ImageGc.class);
    public static final Duration PERIOD = Duration.ofMinutes(5);

    private final OciImageStore store;
    private final ContainerRuntime runtime;
    private final ImageGarbageCollector collector;
    private final Clock clock;

    public ImageGc(OciImageStore store, ContainerRuntime runtime, ImageGcPolicy policy, Clock clock) {
        this.store = store;
        this.runtime = runtime;
        this.collector = new ImageGarbageCollector(store, policy);
        this.clock = clock;
    }

    /** One round; returns the plan carried out. */
    public synchronized ImageGcPolicy.Plan collect() throws IOException {
        return collector.collect(clock.now(), inUse(), Set.of());
    }

    /** One round for the kubelet's loop: a failure is logged (k/k logs "Image garbage collection failed"). */
    public void collectLogged() {
        try {
            ImageGcPolicy.Plan plan = collect();
            if (!plan.remove().isEmpty() || !plan.enough()) {
                LOG.info("image garbage collection removed {} image(s){}", plan.remove().size(),
                        plan.enough() ? "" : ": " + plan.shortfallMessage());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("image garbage collection failed: {}", e.toString());
        }
    }

    private Set<Digest> inUse() {
        Set<Digest> ids = new HashSet<>();
        for (String podUid : runtime.sandboxes()) {
            for (RuntimeContainer container : runtime.podStatus(podUid).containers()) {
                try {
                    store.image(ImageReference.parse(container.image())).ifPresent(i -> ids.add(i.configDigest()));
                } catch (IllegalArgumentException e) {
                    // Not a reference the store can hold (the process runtime's images): nothing of the store in use.
                }
            }
        }
        return ids;
    }
}
