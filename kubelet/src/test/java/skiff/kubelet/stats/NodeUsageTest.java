package skiff.kubelet.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeUsageTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path proc;

    @Test
    void busyTicksLessIdleAndIowaitAndMeminfosWorkingSet() throws IOException {
        // user nice system idle iowait irq softirq steal guest guest_nice
        Files.writeString(proc.resolve("stat"), "cpu  100 20 30 5000 40 5 6 7 50 0\ncpu0 50 10 15 2500 20 2 3 3 25 0\n"
                + "intr 1 2 3\nbtime 1767225600\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       16000 kB\nMemFree:         4000 kB\n"
                + "MemAvailable:    9000 kB\nInactive(file):  3000 kB\nAnonPages:       2500 kB\n");

        NodeUsage node = new NodeUsage(proc);

        assertThat(node.read(NOW).orElseThrow()).isEqualTo(new ResourceUsage(NOW,
                (100 + 20 + 30 + 5 + 6 + 7) * 10_000_000L, 9000 * 1024L, 12000 * 1024L, 2500 * 1024L));
        assertThat(node.availableBytes()).isEqualTo(9000 * 1024L);
        assertThat(node.bootTime()).isEqualTo(Instant.ofEpochSecond(1767225600));
    }
}
