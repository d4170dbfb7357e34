package skiff.kubelet.network;

import java.nio.file.Files;
import java.nio.file.Path;

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
            IpCommand.run("netns", "add", name);
        }
    }

    /** Deletes the namespace; nothing to do when it is gone. */
    static void delete(String name) {
        if (exists(name)) {
            IpCommand.run("netns", "delete", name);
        }
    }
}
