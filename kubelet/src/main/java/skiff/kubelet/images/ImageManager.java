package skiff.kubelet.images;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.image.ImageReference;
import skiff.image.ImageStore;
import skiff.image.StoredImage;
import skiff.image.registry.DockerConfigKeyring;
import skiff.image.registry.ImagePuller;
import skiff.image.registry.PullResult;
import skiff.kubelet.event.EventRecorder;

/**
 * Makes sure a container's image is on the node before it starts, as k/k pkg/kubelet/images/image_manager.go v1.32
 * EnsureImageExists does: the pull policy decides whether to pull; a pull that failed holds further pulls of that
 * image for that pod under a back-off; every step records the kubelet's events with its reasons and messages
 * (pkg/kubelet/events/event.go), including the {@code Failed} "Error: REASON" event that kuberuntime_container.go
 * startContainer records when the image is not ready. The caller puts a {@link ImageResult.Waiting}'s reason and
 * message in the container's waiting state and records nothing more.
 */
public final class ImageManager {
    private static final Logger LOG = LoggerFactory.getLogger(ImageManager.class);

    private final ImageStore store;
    private final ImagePuller puller;
    private final EventRecorder events;
    private final PullBackoff backoff;
    private final Clock clock;
    /** The last failed pull's "ErrImagePull: message" by back-off key, for the ImagePullBackOff message. */
    private final Map<String, String> lastPullErrors = new ConcurrentHashMap<>();

    public ImageManager(ImageStore store, ImagePuller puller, EventRecorder events, PullBackoff backoff, Clock clock) {
        this.store = store;
        this.puller = puller;
        this.events = events;
        this.backoff = backoff;
        this.clock = clock;
    }

    /**
     * The container's image, pulled if its policy says so.
     *
     * @param pullSecrets the pod's pull secrets as {@link PullSecrets#forPod} read them
     */
    public ImageResult ensureImageExists(Pod pod, Container container, List<Secret> pullSecrets) {
        ImageResult result = ensure(pod, container, pullSecrets);
        if (result instanceof ImageResult.Waiting w) {
            // kuberuntime_container.go startContainer: "Error: " + the error, whose text is the reason.
            events.warning(pod, container.getName(), "Failed", "Error: " + w.reason());
        }
        return result;
    }

    private ImageResult ensure(Pod pod, Container container, List<Secret> pullSecrets) {
        String image = container.getImage() == null ? "" : container.getImage();
        String name = container.getName();
        ImageReference reference;
        try {
            reference = ImageReference.parse(image);
        } catch (IllegalArgumentException e) {
            String msg = "Failed to apply default image tag \"" + image + "\": couldn't parse image reference \""
                    + image + "\": " + e.getMessage();
            events.warning(pod, name, "InspectFailed", msg);
            return new ImageResult.Waiting("InvalidImageName", msg);
        }
        Optional<StoredImage> present;
        try {
            present = store.image(reference);
        } catch (RuntimeException e) {
            String msg = "Failed to inspect image \"" + image + "\": " + e.getMessage();
            events.warning(pod, name, "InspectFailed", msg);
            return new ImageResult.Waiting("ImageInspectError", msg);
        }
        if (!shouldPull(pullPolicy(container, reference), present.isPresent())) {
            if (present.isPresent()) {
                events.normal(pod, name, "Pulled", "Container image \"" + image + "\" already present on machine");
                return new ImageResult.Present(present.get());
            }
            String msg = "Container image \"" + image + "\" is not present with pull policy of Never";
            events.warning(pod, name, "ErrImageNeverPull", msg);
            return new ImageResult.Waiting("ErrImageNeverPull", msg);
        }
        String key = PullBackoff.key(pod.getMetadata().getUid(), image);
        if (backoff.inBackoff(key)) {
            String msg = "Back-off pulling image \"" + image + "\"";
            events.normal(pod, name, "BackOff", msg);
            // k/k v1.32 (kubernetes PR 127918): the waiting message carries the error of the pull that failed.
            String last = lastPullErrors.get(key);
            return new ImageResult.Waiting("ImagePullBackOff", last == null ? msg : msg + ": " + last);
        }
        lastPullErrors.remove(key);
        events.normal(pod, name, "Pulling", "Pulling image \"" + image + "\"");
        long start = clock.nanoTime();
        PullResult pulled;
        Optional<StoredImage> stored;
        try {
            DockerConfigKeyring keyring = PullSecrets.keyring(pullSecrets);
            pulled = puller.pull(reference, keyring);
            stored = store.image(reference);
            if (stored.isEmpty()) {
                throw new IOException("the store has no image " + reference + " for this node after the pull");
            }
        } catch (IOException | RuntimeException e) {
            String err = "failed to pull image \"" + reference + "\": " + e.getMessage();
            LOG.info("pull of {} for pod {}/{} failed: {}", image, pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), e.getMessage());
            events.warning(pod, name, "Failed", "Failed to pull image \"" + image + "\": " + err);
            backoff.failed(key);
            lastPullErrors.put(key, "ErrImagePull: " + err);
            return new ImageResult.Waiting("ErrImagePull", err);
        }
        Duration waited = Duration.ofNanos(clock.nanoTime() - start);
        events.normal(pod, name, "Pulled", "Successfully pulled image \"" + image + "\" in "
                + GoDurations.millis(pulled.duration()) + " (" + GoDurations.millis(waited)
                + " including waiting). Image size: " + pulled.size() + " bytes.");
        backoff.gc();
        return new ImageResult.Present(stored.get());
    }

    /** Forgets the back-off and last errors of a pod that is gone. */
    public void forgetPod(String podUid) {
        backoff.forgetPod(podUid);
        lastPullErrors.keySet().removeIf(k -> k.startsWith(podUid + "_"));
    }

    // image_manager.go shouldPullImage.
    private static boolean shouldPull(String policy, boolean present) {
        return switch (policy) {
            case "Never" -> false;
            case "Always" -> true;
            default -> !present;
        };
    }

    /**
     * The container's policy; when unset (a static pod's spec is not defaulted by the API server), k/k
     * pkg/apis/core/v1/defaults.go SetDefaults_Container: Always for the {@code latest} tag, named or implied, else
     * IfNotPresent.
     */
    static String pullPolicy(Container container, ImageReference reference) {
        String policy = container.getImagePullPolicy();
        if (policy != null && !policy.isEmpty()) {
            return policy;
        }
        return reference.isLatest() ? "Always" : "IfNotPresent";
    }
}
