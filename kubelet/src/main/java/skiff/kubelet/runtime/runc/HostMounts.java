package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The host mounts the runc runtime makes with util-linux {@code mount}: a container's overlay root filesystem
 * (kernel Documentation/filesystems/overlayfs.rst: lowerdir top layer first) and memory-backed emptyDirs (tmpfs).
 */
final class HostMounts {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private HostMounts() {}

    /** Mounts layers (bottom first, as the image lists them) with a writable upper directory at {@code target}. */
    static void overlay(List<Path> layers, Path upper, Path work, Path target) throws IOException {
        if (layers.isEmpty()) {
            throw new IOException("the image has no layers");
        }
        List<Path> topFirst = new ArrayList<>(layers);
        java.util.Collections.reverse(topFirst);
        String lower = topFirst.stream().map(Path::toString).collect(Collectors.joining(":"));
        mount(List.of("mount", "-t", "overlay", "overlay", "-o",
                "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work, target.toString()));
    }

    /** A tmpfs at {@code target}, {@code sizeBytes} 0 for the kernel's default (half of RAM). */
    static void tmpfs(Path target, long sizeBytes) throws IOException {
        tmpfs(target, sizeBytes, "0777");
    }

    /** A tmpfs at {@code target} with the octal {@code mode}. */
    static void tmpfs(Path target, long sizeBytes, String mode) throws IOException {
        String options = "mode=" + mode + (sizeBytes > 0 ? ",size=" + sizeBytes : "");
        mount(List.of("mount", "-t", "tmpfs", "-o", options, "tmpfs", target.toString()));
    }

    private static void mount(List<String> argv) throws IOException {
        RuncCli.Result r = RuncCli.run(argv, TIMEOUT);
        if (!r.ok()) {
            throw new IOException(String.join(" ", argv) + " failed: " + r.output().strip());
        }
    }

    /** Mount points at or below {@code dir}, deepest first, from /proc/self/mountinfo. */
    static List<Path> under(Path dir) {
        List<Path> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                if (fields.length > 4) {
                    Path point = Path.of(unescape(fields[4]));
                    if (point.startsWith(dir)) {
                        found.add(point);
                    }
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        found.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return found;
    }

    /** Unmounts everything at or below {@code dir}, lazily when busy. */
    static void unmountAll(Path dir) {
        for (Path point : under(dir)) {
            if (!RuncCli.run(List.of("umount", point.toString()), TIMEOUT).ok()) {
                RuncCli.run(List.of("umount", "-l", point.toString()), TIMEOUT);
            }
        }
    }

    // proc(5) mountinfo: space, tab, newline and backslash in paths are written as octal escapes.
    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
