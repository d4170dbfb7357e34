package skiff.kubelet.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTreeUsageTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path proc;

    // proc(5) stat: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    // cutime cstime ...
    private void process(long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime,
            Long rssKb) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (" + comm + ") S " + ppid + " " + pid + " 1 0 -1 4194304 "
                + "100 0 0 0 " + utime + " " + stime + " " + cutime + " " + cstime + " 20 0 1 0 100 1000 50\n");
        Files.writeString(dir.resolve("status"), "Name:\t" + comm + "\nState:\tS (sleeping)\n"
                + (rssKb == null ? "" : "VmRSS:\t" + rssKb + " kB\n") + "Threads:\t1\n");
    }

    @Test
    void sumsTheTreesTicksReapedChildrenIncludedAndItsResidentMemory() throws IOException {
        process(100, "sh", 1, 10, 5, 3, 2, 1000L);
        process(101, "worker (a) b", 100, 200, 50, 0, 0, 3000L);
        process(102, "grandchild", 101, 1, 1, 0, 0, 24L);
        process(200, "unrelated", 1, 999, 999, 0, 0, 99999L);
        process(300, "kthread", 100, 1, 0, 0, 0, null);

        ResourceUsage usage = new ProcessTreeUsage(proc).read(100, NOW).orElseThrow();

        long ticks = 10 + 5 + 3 + 2 + 200 + 50 + 1 + 1 + 1;
        long rss = (1000 + 3000 + 24) * 1024L;
        assertThat(usage).isEqualTo(new ResourceUsage(NOW, ticks * 10_000_000L, rss, rss, rss));
    }

    @Test
    void aGoneProcessHasNoUsage() throws IOException {
        process(100, "sh", 1, 1, 1, 0, 0, 10L);

        assertThat(new ProcessTreeUsage(proc).read(555, NOW)).isEmpty();
    }

    @Test
    void readsSeveralTreesAtOnceEachAsAlone() throws IOException {
        process(100, "sh", 1, 10, 5, 0, 0, 1000L);
        process(101, "child", 100, 20, 0, 0, 0, 500L);
        process(200, "other", 1, 7, 3, 1, 1, 2000L);
        ProcessTreeUsage usage = new ProcessTreeUsage(proc);

        assertThat(usage.read(List.of(100L, 200L, 555L), NOW)).isEqualTo(Map.of(
                100L, usage.read(100, NOW).orElseThrow(),
                200L, usage.read(200, NOW).orElseThrow()));
        assertThat(usage.read(List.of(100L), NOW).get(100L))
                .isEqualTo(new ResourceUsage(NOW, 35 * 10_000_000L, 1500 * 1024L, 1500 * 1024L, 1500 * 1024L));
    }
}
