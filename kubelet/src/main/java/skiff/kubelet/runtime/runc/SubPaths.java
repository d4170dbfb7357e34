package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import skiff.kubelet.config.Resolved;

/** Host paths inside a directory: a volume mount's {@code subPath}, a file of an image's root filesystem. */
final class SubPaths {
    static final String CONFIG_ERROR = "CreateContainerConfigError";
    private static final int MAX_LINKS = 255;

    private SubPaths() {}

    // k/k pkg/kubelet/kubelet_pods.go makeMounts and pkg/volume/util/subpath/subpath_linux.go (1.32): a subPath is
    // relative without '..'; a missing one is created as directories with the volume's mode; after symlinks are
    // resolved it must stay inside the volume. (Kubernetes then bind-mounts an open descriptor to close the race
    // between this check and the mount; runc mounts the path.)
    static Resolved<Path> volumeSubPath(Path volume, String subPath) {
        if (subPath.startsWith("/")) {
            return new Resolved.Invalid<>(CONFIG_ERROR, "error SubPath `" + subPath
                    + "` must not be an absolute path");
        }
        for (String part : subPath.split("/")) {
            if (part.equals("..")) {
                return new Resolved.Invalid<>(CONFIG_ERROR, "unable to provision SubPath `" + subPath
                        + "`: must not contain '..'");
            }
        }
        try {
            Path base = volume.toRealPath();
            Path path = base.resolve(subPath).normalize();
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                Resolved<Path> made = makeDirs(base, path);
                if (made instanceof Resolved.Invalid<Path>) {
                    return made;
                }
            }
            Path real = path.toRealPath();
            if (!real.startsWith(base)) {
                return new Resolved.Invalid<>(CONFIG_ERROR, "error opening subpath " + path + ": path " + real
                        + " is outside of allowed base " + base);
            }
            return new Resolved.Ok<>(real);
        } catch (IOException e) {
            return new Resolved.Invalid<>(CONFIG_ERROR, "failed to prepare subPath for volumeMount `" + subPath
                    + "`: " + e);
        }
    }

    // k/k subpath_linux.go doSafeMakeDir: the deepest existing directory must resolve inside the base; each new one
    // is created without following links and given the volume's mode.
    private static Resolved<Path> makeDirs(Path base, Path path) throws IOException {
        Path existing = path;
        Deque<Path> missing = new ArrayDeque<>();
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            missing.push(existing.getFileName());
            existing = existing.getParent();
        }
        Path real = existing.toRealPath();
        if (!real.startsWith(base)) {
            return new Resolved.Invalid<>(CONFIG_ERROR, "path " + real + " is outside of allowed base " + base);
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(base);
        Path current = real;
        for (Path name : missing) {
            current = current.resolve(name);
            Files.createDirectory(current);
            Files.setPosixFilePermissions(current, mode);
        }
        return new Resolved.Ok<>(current);
    }

    /**
     * A path inside {@code root} with symlinks followed as if {@code root} were {@code /}: a link can never lead
     * outside it (the rule of filepath-securejoin, which containerd uses to read an image's /etc/passwd); null when
     * the links loop.
     */
    static Path inRoot(Path root, String path) {
        Deque<String> todo = new ArrayDeque<>();
        for (String part : path.split("/")) {
            todo.addLast(part);
        }
        Path current = root;
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                current = current.equals(root) ? root : current.getParent();
                continue;
            }
            Path next = current.resolve(part);
            if (Files.isSymbolicLink(next)) {
                if (++links > MAX_LINKS) {
                    return null;
                }
                try {
                    String target = Files.readSymbolicLink(next).toString();
                    if (target.startsWith("/")) {
                        current = root;
                    }
                    String[] parts = target.split("/");
                    for (int i = parts.length - 1; i >= 0; i--) {
                        todo.addFirst(parts[i]);
                    }
                    continue;
                } catch (IOException e) {
                    return next;
                }
            }
            current = next;
        }
        return current;
    }
}
