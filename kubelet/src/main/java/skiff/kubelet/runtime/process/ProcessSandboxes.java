package skiff.kubelet.runtime.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import skiff.kubelet.PrivateFiles;
import skiff.kubelet.runtime.Sandbox;
import skiff.kubelet.runtime.SandboxConfig;
import skiff.kubelet.runtime.VolumeConfig;
import skiff.kubelet.volume.VolumeFiles;

/**
 * The process runtime's sandboxes: a directory per pod holding its volumes. All containers share the host network,
 * so a pod's IP is 127.0.0.1. Memory-backed emptyDirs live under {@code memoryRoot} (a tmpfs such as /dev/shm) and
 * are reached through a symbolic link at their usual place in the pod directory.
 */
final class ProcessSandboxes {
    static final String POD_IP = "127.0.0.1";
    private static final String EMPTY_DIR = "kubernetes.io~empty-dir";
    private static final String HOST_PATH = "kubernetes.io~host-path";
    private final PodDirectories dirs;
    private final Path memoryRoot;

    ProcessSandboxes(PodDirectories dirs, Path memoryRoot) {
        this.dirs = dirs;
        this.memoryRoot = memoryRoot;
    }

    Sandbox create(SandboxConfig config) {
        Path podDir = dirs.pod(config.podUid());
        Map<String, Path> volumes = new LinkedHashMap<>();
        try {
            PrivateFiles.directories(podDir);
            for (VolumeConfig volume : config.volumes()) {
                volumes.put(volume.name(), realise(config.podUid(), volume));
            }
            PrivateFiles.writeString(podDir.resolve("hostname"), config.hostname());
            PrivateFiles.writeString(podDir.resolve("sandbox"), config.namespace() + "/" + config.podName() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sandbox of pod " + config.podUid() + ": " + e, e);
        }
        return new Sandbox(config.podUid(), config.hostname(), podDir, volumes, POD_IP);
    }

    /** The sandbox of a pod whose directory exists, with the volumes found in it (after a restart). */
    Optional<Sandbox> find(String podUid) {
        Path podDir = dirs.pod(podUid);
        if (!Files.exists(podDir.resolve("sandbox"))) {
            return Optional.empty();
        }
        Map<String, Path> volumes = new LinkedHashMap<>();
        try (Stream<Path> plugins = Files.list(podDir.resolve("volumes"))) {
            for (Path plugin : plugins.toList()) {
                try (Stream<Path> names = Files.list(plugin)) {
                    names.forEach(p -> volumes.put(p.getFileName().toString(), resolveLink(p)));
                }
            }
        } catch (IOException e) {
            // No volumes directory: a sandbox without volumes.
        }
        return hostname(podDir).map(hostname -> new Sandbox(podUid, hostname, podDir, volumes, POD_IP));
    }

    /** The sandbox's hostname, or empty when the sandbox is being removed under us. */
    private static Optional<String> hostname(Path podDir) {
        try {
            return Optional.of(Files.readString(podDir.resolve("hostname")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the hostname of the sandbox in " + podDir + ": " + e, e);
        }
    }

    List<String> list() {
        if (!Files.isDirectory(dirs.pods())) {
            return List.of();
        }
        try (Stream<Path> pods = Files.list(dirs.pods())) {
            return pods.filter(p -> Files.exists(p.resolve("sandbox"))).map(p -> p.getFileName().toString())
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void remove(String podUid) {
        // The marker goes first, so that find and list no longer see a sandbox whose files are being deleted.
        try {
            Files.deleteIfExists(dirs.pod(podUid).resolve("sandbox"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the sandbox of pod " + podUid + ": " + e, e);
        }
        deleteTree(memoryRoot.resolve(podUid));
        deleteTree(dirs.pod(podUid));
    }

    private Path realise(String podUid, VolumeConfig volume) throws IOException {
        return switch (volume) {
            case VolumeConfig.EmptyDir e when e.memory() -> memoryEmptyDir(podUid, e.name());
            case VolumeConfig.EmptyDir e -> PrivateFiles.directories(dirs.volume(podUid, EMPTY_DIR, e.name()));
            case VolumeConfig.HostPath h -> hostPath(podUid, h);
            case VolumeConfig.Files f -> files(podUid, f, Instant.now());
        };
    }

    private Path memoryEmptyDir(String podUid, String name) throws IOException {
        Path target = PrivateFiles.directories(memoryRoot.resolve(podUid).resolve(name));
        Path link = dirs.volume(podUid, EMPTY_DIR, name);
        PrivateFiles.directories(link.getParent());
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, target);
        }
        return target;
    }

    private Path hostPath(String podUid, VolumeConfig.HostPath h) throws IOException {
        Path path = VolumeFiles.hostPath(h);
        Path record = dirs.volume(podUid, HOST_PATH, h.name());
        PrivateFiles.directories(record.getParent());
        if (!Files.exists(record, LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(record, path);
        }
        return path;
    }

    /** Rewrites a file volume's contents while the pod runs: the atomic writer swaps them in at once. */
    void update(String podUid, VolumeConfig.Files f) throws IOException {
        files(podUid, f, Instant.now());
    }

    private Path files(String podUid, VolumeConfig.Files f, Instant now) throws IOException {
        Path dir = dirs.volume(podUid, f.plugin(), f.name());
        VolumeFiles.writeAtomically(dir, f, now, 0700);
        return dir;
    }

    /** Swaps new contents into a file volume of the pod (the atomic writer's link swap). */
    boolean update(String podUid, VolumeConfig.Files f, Instant now) throws IOException {
        return VolumeFiles.writeAtomically(dirs.volume(podUid, f.plugin(), f.name()), f, now, 0700);
    }

    private static Path resolveLink(Path p) {
        try {
            return Files.isSymbolicLink(p) ? Files.readSymbolicLink(p) : p;
        } catch (IOException e) {
            return p;
        }
    }

    static void deleteTree(Path dir) {
        VolumeFiles.deleteTree(dir);
    }
}
