package skiff.kubelet.images;

import skiff.image.StoredImage;

/** What {@link ImageManager#ensureImageExists} found: the image to run, or why the container waits. */
public sealed interface ImageResult {

    /** The image is in the store. */
    record Present(StoredImage image) implements ImageResult {}

    /**
     * The container cannot start yet; {@code reason} is its waiting reason (ErrImagePull, ImagePullBackOff,
     * ErrImageNeverPull, InvalidImageName, ImageInspectError) and {@code message} the waiting message.
     */
    record Waiting(String reason, String message) implements ImageResult {}
}
