package skiff.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's memory as Linux reports it in /proc/PID/status. */
public final class ProcessMemory {
    private ProcessMemory() {}

    /** Resident set size (VmRSS) in bytes. */
    public static long residentBytes(long pid) {
        return field(pid, "VmRSS:");
    }

    /** Peak resident set size (VmHWM) in bytes. */
    public static long peakResidentBytes(long pid) {
        return field(pid, "VmHWM:");
    }

    private static long field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024; // reported in kB
                }
            }
            throw new IllegalStateException(name + " missing for pid " + pid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the status of pid " + pid, e);
        }
    }
}
