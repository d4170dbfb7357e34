package skiff.kubelet.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Named network namespaces as iproute2 keeps them: {@code ip netns add NAME} bind-mounts a new namespace on
 * {@code /var/run/netns/NAME}, the path runc's {@code linux.namespaces} entry joins.
 */
final class NetworkNamespaces {
    static final Path DIR = Path.of("/var/run/netns");

    private NetworkNamespaces() {}

    static Path path(String name) {
        return DIR.resolve(name);
    }

    static boolean exists(String name) {
        return Files.exists(path(name));
    }

    static void add(String name) {
        if (!exists(name)) {
            ip(List.of("ip", "netns", "add", name));
        }
    }

    /** Deletes the namespace; nothing to do when it is gone. */
    static void delete(String name) {
        if (exists(name)) {
            ip(List.of("ip", "netns", "delete", name));
        }
    }

    private static void ip(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new CniException(String.join(" ", command) + " did not finish within 30s", 0);
            }
            if (process.exitValue() != 0) {
                throw new CniException(String.join(" ", command) + " failed: " + output, 0);
            }
        } catch (IOException e) {
            throw new CniException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CniException("interrupted while running " + String.join(" ", command), 0);
        }
    }
}
