package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import skiff.image.Digest;
import skiff.image.ImageConfig;
import skiff.image.ImageReference;
import skiff.image.ImageStore;
import skiff.image.StoredImage;

/**
 * A test double of the image store: images of one unpacked layer holding this machine's {@code /bin/busybox} with a
 * link per applet, {@code /etc/passwd} and {@code /etc/group}; each image name gets its own {@link ImageConfig}.
 */
final class BusyboxImageStore implements ImageStore {
    private final Path layer;
    private final Map<String, StoredImage> images = new ConcurrentHashMap<>();

    BusyboxImageStore(Path dir) {
        this.layer = dir.resolve("busybox-layer");
        try {
            Path bin = Files.createDirectories(layer.resolve("bin"));
            Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
            Process list = new ProcessBuilder("/bin/busybox", "--list").start();
            for (String applet : new String(list.getInputStream().readAllBytes()).split("\n")) {
                if (!applet.isBlank() && !applet.equals("busybox")) {
                    Files.createSymbolicLink(bin.resolve(applet.strip()), Path.of("busybox"));
                }
            }
            Path etc = Files.createDirectories(layer.resolve("etc"));
            Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n"
                    + "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
            Files.writeString(etc.resolve("group"), "root:x:0:\nnogroup:x:65534:\n");
            for (String d : List.of("tmp", "root", "proc", "sys", "dev")) {
                Files.createDirectories(layer.resolve(d));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds an image under {@code name} with {@code config}. */
    BusyboxImageStore with(String name, ImageConfig config) {
        ImageReference ref = ImageReference.parse(name);
        String hex = HexFormat.of().formatHex(new byte[32]).substring(0, 56) + String.format("%08x", name.hashCode());
        images.put(ref.toString(), new StoredImage(List.of(ref.toString()), new Digest("sha256", hex), List.of(),
                new Digest("sha256", hex), config, List.of(new Digest("sha256", hex)), 1));
        return this;
    }

    @Override
    public Optional<StoredImage> image(ImageReference reference) {
        return Optional.ofNullable(images.get(reference.toString()));
    }

    @Override
    public List<StoredImage> images() {
        return List.copyOf(images.values());
    }

    @Override
    public boolean hasBlob(Digest digest) {
        return false;
    }

    @Override
    public Path blobPath(Digest digest) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void putBlob(Digest expected, InputStream content) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void tag(ImageReference name, Digest manifestDigest) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Path> unpackedLayers(StoredImage image) {
        return List.of(layer);
    }

    @Override
    public void remove(ImageReference name) {
        images.remove(name.toString());
    }
}
