package skiff.image;

import java.util.List;

/**
 * An image present in the store for this node's platform.
 *
 * @param names every name the image carries in the store, normalized ({@code docker.io/library/busybox:latest})
 * @param manifestDigest the digest of the platform manifest (not of an index)
 * @param repoDigests {@code repository@digest} names, as the Node's {@code status.images} lists them
 * @param layers the layers' digests (compressed, as in the manifest), bottom first
 * @param size the sum of the manifest's layer sizes plus the config, in bytes
 */
public record StoredImage(List<String> names, Digest manifestDigest, List<String> repoDigests, Digest configDigest,
        ImageConfig config, List<Digest> layers, long size) {

    public StoredImage {
        names = List.copyOf(names);
        repoDigests = List.copyOf(repoDigests);
        layers = List.copyOf(layers);
    }
}
