package skiff.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time a process has used (user + system, all threads), from /proc/PID/stat. Unlike wall time it barely moves
 * when other programs compete for the cores, so it shows the work start-up does on a busy machine.
 */
public final class ProcessCpu {
    // Linux reports utime and stime in clock ticks of USER_HZ, which is 100 on every common kernel configuration.
    private static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {}

    public static Duration used(long pid) {
        String[] fields = fields(pid);
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime (14), stime (15)
        return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
    }

    /** Like {@link #used}, plus the CPU time of the children (and their descendants) it waited for. */
    public static Duration usedWithChildren(long pid) {
        String[] fields = fields(pid);
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]) // utime (14), stime (15)
                + Long.parseLong(fields[13]) + Long.parseLong(fields[14]); // cutime (16), cstime (17)
        return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
    }

    private static String[] fields(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may contain spaces; fields count from after it.
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stat of pid " + pid, e);
        }
    }
}
