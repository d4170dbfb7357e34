package skiff.kubelet.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupUsageTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path mount;

    @Test
    void unifiedHierarchyGivesCpuFromUsageUsecAndWorkingSetLessInactiveFile() throws IOException {
        Files.writeString(mount.resolve("cgroup.controllers"), "cpu memory pids\n");
        Path dir = Files.createDirectories(mount.resolve("kubepods/pod1/c1"));
        Files.writeString(dir.resolve("cpu.stat"), "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n");
        Files.writeString(dir.resolve("memory.current"), "10485760\n");
        Files.writeString(dir.resolve("memory.stat"), "anon 4194304\nfile 6291456\ninactive_file 2097152\n"
                + "active_file 4194304\n");

        ResourceUsage usage = new CgroupUsage(mount).read("/kubepods/pod1/c1", NOW).orElseThrow();

        assertThat(usage).isEqualTo(new ResourceUsage(NOW, 2_500_000_000L, 8_388_608, 10_485_760, 4_194_304));
    }

    @Test
    void version1HierarchiesGiveCpuacctUsageAndTotalCounters() throws IOException {
        Path cpu = Files.createDirectories(mount.resolve("cpuacct/kubepods/pod1/c1"));
        Path memory = Files.createDirectories(mount.resolve("memory/kubepods/pod1/c1"));
        Files.writeString(cpu.resolve("cpuacct.usage"), "123456789\n");
        Files.writeString(memory.resolve("memory.usage_in_bytes"), "5000\n");
        Files.writeString(memory.resolve("memory.stat"), "cache 100\nrss 10\ninactive_file 1\n"
                + "total_cache 3000\ntotal_rss 1500\ntotal_inactive_file 2000\n");

        ResourceUsage usage = new CgroupUsage(mount).read("/kubepods/pod1/c1", NOW).orElseThrow();

        assertThat(usage).isEqualTo(new ResourceUsage(NOW, 123_456_789L, 3000, 5000, 1500));
    }

    @Test
    void workingSetIsNeverNegativeAndAMissingGroupHasNoUsage() throws IOException {
        Files.writeString(mount.resolve("cgroup.controllers"), "cpu memory\n");
        Path dir = Files.createDirectories(mount.resolve("c"));
        Files.writeString(dir.resolve("cpu.stat"), "usage_usec 1\n");
        Files.writeString(dir.resolve("memory.current"), "100\n");
        Files.writeString(dir.resolve("memory.stat"), "inactive_file 200\nanon 0\n");

        assertThat(new CgroupUsage(mount).read("/c", NOW).orElseThrow().workingSetBytes()).isZero();
        assertThat(new CgroupUsage(mount).read("/gone", NOW)).isEmpty();
    }
}
