package skiff.kubelet.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the node reports about its machine (k/k pkg/kubelet/cadvisor, nodestatus/setters.go MachineInfo and
 * VersionInfo): CPU cores, memory from /proc/meminfo, root disk, identity files and kernel version.
 */
public record MachineInfo(int cpuCores, long memoryBytes, long diskBytes, String machineId, String systemUuid,
        String bootId, String kernelVersion, String osImage, String operatingSystem, String architecture) {

    public static MachineInfo detect(Path dataDir) {
        long disk;
        try {
            disk = Files.getFileStore(Files.exists(dataDir) ? dataDir : Path.of("/")).getTotalSpace();
        } catch (IOException e) {
            disk = 0;
        }
        String machineId = read("/etc/machine-id").orElse("");
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), memTotal(), disk, machineId,
                read("/sys/class/dmi/id/product_uuid").orElse(machineId), read("/proc/sys/kernel/random/boot_id")
                        .orElse(""),
                read("/proc/sys/kernel/osrelease").orElse(System.getProperty("os.version")), detectOsImage(),
                System.getProperty("os.name").toLowerCase(Locale.ROOT), detectArchitecture());
    }

    /** MemTotal from /proc/meminfo, in bytes; the JVM's view of the machine when that file is missing. */
    static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return parseKibibytes(line) * 1024;
                }
            }
        } catch (IOException e) {
            // Fall through.
        }
        return Runtime.getRuntime().maxMemory();
    }

    static long parseKibibytes(String meminfoLine) {
        String[] fields = meminfoLine.trim().split("\\s+");
        return Long.parseLong(fields[1]);
    }

    private static String detectOsImage() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/etc/os-release"));
            for (String line : lines) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // Fall through.
        }
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    /** GOARCH names, as Kubernetes reports them. */
    private static String detectArchitecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    private static Optional<String> read(String path) {
        try {
            return Optional.of(Files.readString(Path.of(path)).trim());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
