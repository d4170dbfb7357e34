package skiff.kubelet.stats;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the CPU and memory of a process and all its descendants from procfs, for containers that have no cgroup of
 * their own (the process runtime). CPU is each process's {@code utime + stime} plus {@code cutime + cstime}, the time
 * of children it has reaped, so that work done by short-lived children is counted (proc(5) /proc/pid/stat, in
 * USER_HZ ticks, 100 a second on Linux). Memory is the sum of {@code VmRSS} (/proc/pid/status): a process has no
 * page cache of its own, so usage, working set and RSS are that one sum.
 */
public final class ProcessTreeUsage {
    /** USER_HZ: the unit of the times in /proc/pid/stat, fixed by the kernel's ABI. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final Path proc;

    /** The procfs mounted at {@code proc}, normally /proc. */
    public ProcessTreeUsage(Path proc) {
        this.proc = proc;
    }

    /** The tree rooted at {@code pid}, or empty when that process is gone. */
    public Optional<ResourceUsage> read(long pid, Instant now) {
        return Optional.ofNullable(read(List.of(pid), now).get(pid));
    }

    /**
     * The trees rooted at each of {@code pids} from one walk of procfs (its cost grows with every process on the
     * machine, so a walk per container made a scrape quadratic); a pid whose process is gone has no entry.
     */
    public Map<Long, ResourceUsage> read(Collection<Long> pids, Instant now) {
        Map<Long, Stat> all = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path dir : dirs) {
                stat(dir).ifPresent(s -> all.put(s.pid(), s));
            }
        } catch (IOException e) {
            return Map.of();
        }
        Map<Long, List<Long>> children = new HashMap<>();
        all.values().forEach(s -> children.computeIfAbsent(s.ppid(), k -> new ArrayList<>()).add(s.pid()));
        Map<Long, ResourceUsage> usages = new HashMap<>();
        for (long pid : pids) {
            if (all.containsKey(pid)) {
                usages.put(pid, tree(pid, all, children, now));
            }
        }
        return usages;
    }

    private ResourceUsage tree(long pid, Map<Long, Stat> all, Map<Long, List<Long>> children, Instant now) {
        long ticks = 0;
        long rss = 0;
        Deque<Long> pending = new ArrayDeque<>(List.of(pid));
        while (!pending.isEmpty()) {
            Stat s = all.get(pending.pop());
            ticks += s.ticks();
            rss += rssBytes(proc.resolve(Long.toString(s.pid())));
            pending.addAll(children.getOrDefault(s.pid(), List.of()));
        }
        return new ResourceUsage(now, ticks * NANOS_PER_TICK, rss, rss, rss);
    }

    private record Stat(long pid, long ppid, long ticks) {}

    // proc(5): "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so fields count from the last ')'.
    private static Optional<Stat> stat(Path dir) {
        try {
            String line = CgroupUsage.read(dir.resolve("stat"));
            int close = line.lastIndexOf(')');
            String[] f = line.substring(close + 2).split(" ");
            long pid = Long.parseLong(line.substring(0, line.indexOf(' ')));
            // Fields 4 (ppid) and 14-17 (utime, stime, cutime, cstime), counted from field 3 (state) at index 0.
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
                    + Long.parseLong(f[14]);
            return Optional.of(new Stat(pid, Long.parseLong(f[1]), ticks));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // Exited while being read.
        }
    }

    private static long rssBytes(Path dir) {
        try {
            for (String line : CgroupUsage.read(dir.resolve("status")).split("\n")) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0; // A kernel thread or a zombie has no VmRSS.
    }
}
