package skiff.image.registry;

import java.time.Duration;
import skiff.image.Digest;
import skiff.image.ImageReference;

/**
 * A finished pull.
 *
 * @param reference the reference pulled, normalized
 * @param manifestDigest the digest of the manifest for this platform
 * @param indexDigest the digest of the index (or manifest list) the manifest came from, or null when the reference
 *     named a plain manifest
 * @param size the image's size: its config plus its layers, as the manifest gives them (what the kubelet's
 *     {@code Pulled} event reports as "Image size")
 * @param bytesDownloaded the bytes this pull read from the registry (0 when every blob was present)
 * @param duration from the start of the pull to the name being set, including any wait on a pull of the same image
 *     already under way
 */
public record PullResult(ImageReference reference, Digest manifestDigest, Digest indexDigest, long size,
        long bytesDownloaded, Duration duration) {}
