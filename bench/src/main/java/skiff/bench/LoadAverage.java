package skiff.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average (/proc/loadavg): printed around each benchmark, since other work skews wall times. */
public final class LoadAverage {
    private LoadAverage() {}

    /** "1.02 0.87 0.55" (1, 5 and 15 minutes). */
    public static String now() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
