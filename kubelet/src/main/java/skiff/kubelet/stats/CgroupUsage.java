package skiff.kubelet.stats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a cgroup's CPU and memory as cadvisor does (google/cadvisor container/libcontainer handler.go and
 * info/v1 MemoryStats): on the unified hierarchy (v2) {@code cpu.stat usage_usec}, {@code memory.current} and
 * {@code memory.stat} {@code inactive_file} and {@code anon}; on v1 {@code cpuacct.usage},
 * {@code memory.usage_in_bytes} and {@code memory.stat} {@code total_inactive_file} and {@code total_rss}. The
 * working set is usage less inactive file pages, never below zero (cadvisor setMemoryStats).
 */
public final class CgroupUsage {
    private final Path mount;

    /** The cgroupfs mounted at {@code mount}, normally /sys/fs/cgroup. */
    public CgroupUsage(Path mount) {
        this.mount = mount;
    }

    /** The cgroup at {@code cgroupPath} (absolute, as in an OCI config), or empty when it is gone or unreadable. */
    public Optional<ResourceUsage> read(String cgroupPath, Instant now) {
        String relative = cgroupPath.replaceAll("^/+", "");
        try {
            if (Files.exists(mount.resolve("cgroup.controllers"))) {
                Path dir = mount.resolve(relative);
                long cpu = keyed(dir.resolve("cpu.stat")).getOrDefault("usage_usec", 0L) * 1000;
                Map<String, Long> stat = keyed(dir.resolve("memory.stat"));
                long usage = number(dir.resolve("memory.current"));
                return Optional.of(usage(now, cpu, usage, stat.getOrDefault("inactive_file", 0L),
                        stat.getOrDefault("anon", 0L)));
            }
            long cpu = number(mount.resolve("cpuacct").resolve(relative).resolve("cpuacct.usage"));
            Path memory = mount.resolve("memory").resolve(relative);
            Map<String, Long> stat = keyed(memory.resolve("memory.stat"));
            long usage = number(memory.resolve("memory.usage_in_bytes"));
            return Optional.of(usage(now, cpu, usage, stat.getOrDefault("total_inactive_file", 0L),
                    stat.getOrDefault("total_rss", 0L)));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static ResourceUsage usage(Instant now, long cpuNanos, long usage, long inactiveFile, long rss) {
        return new ResourceUsage(now, cpuNanos, Math.max(usage - inactiveFile, 0), usage, rss);
    }

    static long number(Path file) throws IOException {
        return Long.parseLong(read(file));
    }

    /** A flat-keyed file ("key value" lines). */
    static Map<String, Long> keyed(Path file) throws IOException {
        Map<String, Long> out = new HashMap<>();
        for (String line : read(file).split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2) {
                try {
                    out.put(parts[0], Long.parseLong(parts[1]));
                } catch (NumberFormatException e) {
                    // Not a counter (none of those read here).
                }
            }
        }
        return out;
    }

    // Kernel pseudo files report a size that is not their content's: read the stream whole.
    static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }
}
