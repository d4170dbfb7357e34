package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The host's device nodes as {@code linux.devices} entries, for privileged containers. */
final class HostDevices {
    // containerd oci/utils_unix.go HostDevices / getDevices (1.7): these directories are skipped.
    private static final Set<String> SKIPPED = Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev");
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

    private HostDevices() {}

    static List<ObjectNode> list() {
        List<ObjectNode> out = new ArrayList<>();
        Path dev = Path.of("/dev");
        try {
            Files.walkFileTree(dev, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(dev) && SKIPPED.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isOther() && !file.toString().equals("/dev/console")) {
                        device(file).ifPresent(out::add);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    // linux/include/linux/kdev_t.h new_encode_dev: the major number in bits 8-19 and 32+, the minor in the rest.
    private static java.util.Optional<ObjectNode> device(Path file) {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            long rdev = (Long) Files.getAttribute(file, "unix:rdev", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            String type = (mode & S_IFMT) == S_IFCHR ? "c" : (mode & S_IFMT) == S_IFBLK ? "b" : null;
            if (type == null) {
                return java.util.Optional.empty();
            }
            ObjectNode d = JsonNodeFactory.instance.objectNode();
            d.put("path", file.toString());
            d.put("type", type);
            d.put("major", ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
            d.put("minor", (rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
            d.put("fileMode", mode & 07777);
            d.put("uid", (Integer) Files.getAttribute(file, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS));
            d.put("gid", (Integer) Files.getAttribute(file, "unix:gid", java.nio.file.LinkOption.NOFOLLOW_LINKS));
            return java.util.Optional.of(d);
        } catch (IOException | UnsupportedOperationException | ClassCastException e) {
            return java.util.Optional.empty();
        }
    }
}
