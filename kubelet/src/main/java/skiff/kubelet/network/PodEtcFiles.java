package skiff.kubelet.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A pod's {@code /etc/hosts}, {@code /etc/resolv.conf} and {@code /etc/hostname} as files in its directory, for the
 * runtime to bind-mount into each container (k/k pkg/kubelet/kubelet_pods.go makeHostsMount: {@code PODDIR/etc-hosts},
 * mode 0644). A file is rewritten in place, so that a bind mount of it sees the new content.
 */
public final class PodEtcFiles {
    public static final String HOSTS = "etc-hosts";
    public static final String RESOLV_CONF = "resolv.conf";
    public static final String HOSTNAME = "hostname";

    private PodEtcFiles() {}

    /** Writes {@code PODDIR/etc-hosts} and returns its path. */
    public static Path writeHosts(Path podDir, String content) {
        return write(podDir.resolve(HOSTS), content);
    }

    /** Writes {@code PODDIR/resolv.conf} and returns its path. */
    public static Path writeResolvConf(Path podDir, String content) {
        return write(podDir.resolve(RESOLV_CONF), content);
    }

    /** Writes {@code PODDIR/hostname}, the pod's host name on a line, and returns its path. */
    public static Path writeHostname(Path podDir, String hostname) {
        return write(podDir.resolve(HOSTNAME), hostname + "\n");
    }

    private static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
