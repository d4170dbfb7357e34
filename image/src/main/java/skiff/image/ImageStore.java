package skiff.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The node's content-addressed image store: an OCI image layout in the data dir (blobs by digest, an index of names),
 * plus every layer unpacked once into a directory that overlay root filesystems share read-only. Safe for concurrent
 * use by several threads and by several processes on one directory (the server's kubelet and the {@code skiff image}
 * command): every write lands by an atomic rename, and name changes hold a file lock.
 */
public interface ImageStore {

    /** The image a reference names, resolved to this node's platform, if present. */
    Optional<StoredImage> image(ImageReference reference);

    /** Every image in the store. */
    List<StoredImage> images();

    boolean hasBlob(Digest digest);

    /** The path of a blob that is present, to read. */
    Path blobPath(Digest digest);

    /**
     * Writes a blob from {@code content}, verifying it hashes to {@code expected}; on a mismatch nothing is stored and
     * an IOException names both digests. A blob already present is not written again (the stream is not read).
     */
    void putBlob(Digest expected, InputStream content) throws IOException;

    /**
     * Gives {@code name} to the image whose manifest (or index) blob {@code manifestDigest} is already stored, with
     * its config and layers; replaces the name's earlier image.
     */
    void tag(ImageReference name, Digest manifestDigest) throws IOException;

    /**
     * The unpacked directories of an image's layers, bottom first, unpacking any not yet unpacked (once, even when
     * several containers ask at the same moment). The directories hold overlayfs' form of OCI whiteouts and must not
     * be written.
     */
    List<Path> unpackedLayers(StoredImage image) throws IOException;

    /**
     * Removes a name; the blobs and unpacked layers no remaining image uses are removed too, except those of an image
     * whose layers are lower directories of a mounted overlay (a container's root filesystem), which stays as an
     * unnamed image. {@link OciImageStore#remove(ImageReference, java.util.Set)} also takes the images the kubelet
     * knows to be in use.
     */
    void remove(ImageReference name) throws IOException;
}
