package skiff.kubelet.stats;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the whole machine's CPU and memory from procfs, as cadvisor reports the root container: CPU time is the
 * {@code cpu} line of /proc/stat less idle and iowait (and less guest time, which user time already counts); memory
 * usage is {@code MemTotal - MemFree} of /proc/meminfo, the working set that less {@code Inactive(file)}, RSS
 * {@code AnonPages} (runc libcontainer cgroups/fs2 rootStatsFromMeminfo, cadvisor setMemoryStats).
 */
public final class NodeUsage {
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final Path proc;

    public NodeUsage(Path proc) {
        this.proc = proc;
    }

    public Optional<ResourceUsage> read(Instant now) {
        try {
            long ticks = 0;
            for (String line : CgroupUsage.read(proc.resolve("stat")).split("\n")) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    // user nice system idle iowait irq softirq steal guest guest_nice
                    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                        ticks += i < f.length ? Long.parseLong(f[i]) : 0;
                    }
                }
            }
            Map<String, Long> memory = meminfo();
            long usage = memory.getOrDefault("MemTotal", 0L) - memory.getOrDefault("MemFree", 0L);
            long workingSet = Math.max(usage - memory.getOrDefault("Inactive(file)", 0L), 0);
            return Optional.of(new ResourceUsage(now, ticks * NANOS_PER_TICK, workingSet, usage,
                    memory.getOrDefault("AnonPages", 0L)));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** When the machine booted: {@code btime} of /proc/stat; the epoch when unreadable. */
    public Instant bootTime() {
        try {
            for (String line : CgroupUsage.read(proc.resolve("stat")).split("\n")) {
                if (line.startsWith("btime ")) {
                    return Instant.ofEpochSecond(Long.parseLong(line.substring(6).trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Instant.EPOCH;
        }
        return Instant.EPOCH;
    }

    /** The memory available to new work without swapping (MemAvailable), for the summary's availableBytes. */
    public long availableBytes() {
        try {
            return meminfo().getOrDefault("MemAvailable", 0L);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private Map<String, Long> meminfo() throws IOException {
        Map<String, Long> out = new HashMap<>();
        for (String line : CgroupUsage.read(proc.resolve("meminfo")).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String value = line.substring(colon + 1).trim();
                long factor = value.endsWith(" kB") ? 1024 : 1;
                out.put(line.substring(0, colon), Long.parseLong(value.replace(" kB", "").trim()) * factor);
            }
        }
        return out;
    }
}
