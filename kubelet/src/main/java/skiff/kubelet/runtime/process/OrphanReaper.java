package skiff.kubelet.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.kubelet.PrivateFiles;

/**
 * Process containers left running by a kubelet that died without stopping them (kill -9): their output pipes are
 * gone and nobody can observe their exit, so a new runtime kills them and the kubelet starts fresh attempts. Each
 * attempt's directory holds a {@code pid} file with the PID and the process start time; the start time guards
 * against a recycled PID.
 */
final class OrphanReaper {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanReaper.class);

    private OrphanReaper() {}

    static void recordPid(Path attemptDir, Process process) {
        Optional<Instant> start = process.toHandle().info().startInstant();
        try {
            PrivateFiles.writeString(attemptDir.resolve("pid"),
                    process.pid() + " " + start.map(Instant::toEpochMilli).orElse(0L) + "\n");
        } catch (IOException e) {
            LOG.warn("cannot record pid {} in {}", process.pid(), attemptDir, e);
        }
    }

    static void reap(PodDirectories dirs) {
        if (!Files.isDirectory(dirs.pods())) {
            return;
        }
        try (Stream<Path> files = Files.find(dirs.pods(), 5, (p, a) -> p.getFileName().toString().equals("pid"))) {
            files.forEach(OrphanReaper::reapOne);
        } catch (IOException e) {
            LOG.warn("cannot scan {} for orphaned containers", dirs.pods(), e);
        }
    }

    private static void reapOne(Path pidFile) {
        try {
            String[] fields = Files.readString(pidFile).trim().split(" ");
            long pid = Long.parseLong(fields[0]);
            long startMillis = Long.parseLong(fields[1]);
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            boolean same = handle.flatMap(h -> h.info().startInstant())
                    .map(s -> Duration.between(Instant.ofEpochMilli(startMillis), s).abs().toMillis() < 2000)
                    .orElse(false);
            if (same) {
                LOG.info("killing orphaned container process group pgid={} ({})", pid, pidFile.getParent());
                ProcessSignals.signalGroup(pid, "KILL");
            }
            Files.deleteIfExists(pidFile);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot reap {}", pidFile, e);
        }
    }
}
