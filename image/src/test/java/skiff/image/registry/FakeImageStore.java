package skiff.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import skiff.image.Digest;
import skiff.image.ImageConfig;
import skiff.image.ImageReference;
import skiff.image.ImageStore;
import skiff.image.StoredImage;

/** An in-memory ImageStore for the client's tests: blobs verified as the contract says, names to digests. */
final class FakeImageStore implements ImageStore {
    final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();
    final Map<String, Digest> tags = new ConcurrentHashMap<>();

    @Override
    public Optional<StoredImage> image(ImageReference reference) {
        Digest d = reference.digest() != null ? reference.digest() : tags.get(reference.toString());
        if (d == null || !blobs.containsKey(d)) {
            return Optional.empty();
        }
        return Optional.of(new StoredImage(List.of(reference.toString()), d, List.of(), d, ImageConfig.empty(),
                List.of(), 0));
    }

    @Override
    public List<StoredImage> images() {
        return List.of();
    }

    @Override
    public boolean hasBlob(Digest digest) {
        return blobs.containsKey(digest);
    }

    @Override
    public Path blobPath(Digest digest) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void putBlob(Digest expected, InputStream content) throws IOException {
        if (blobs.containsKey(expected)) {
            return;
        }
        byte[] bytes = content.readAllBytes();
        Digest actual;
        try {
            actual = Digest.sha256(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (!actual.equals(expected)) {
            throw new IOException("digest mismatch: expected " + expected + ", got " + actual);
        }
        blobs.put(expected, bytes);
    }

    @Override
    public void tag(ImageReference name, Digest manifestDigest) throws IOException {
        if (!blobs.containsKey(manifestDigest)) {
            throw new IOException("no manifest " + manifestDigest);
        }
        tags.put(name.toString(), manifestDigest);
    }

    @Override
    public List<Path> unpackedLayers(StoredImage image) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void remove(ImageReference name) {
        tags.remove(name.toString());
    }
}
