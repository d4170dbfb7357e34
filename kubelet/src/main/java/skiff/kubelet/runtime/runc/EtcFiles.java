package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import skiff.kubelet.volume.VolumeFiles;

/**
 * The {@code /etc/hosts}, {@code /etc/resolv.conf} and {@code /etc/hostname} a pod's containers see, kept in the pod's
 * directory and bind-mounted into each container (k/k pkg/kubelet/kubelet_pods.go makeHostsMount and
 * managedHostsFileContent; the DNS configurer's ClusterFirst falls back to the host's resolver until cluster DNS).
 */
final class EtcFiles {
    static final String HOSTS = "etc-hosts";
    static final String RESOLV_CONF = "resolv.conf";
    static final String HOSTNAME = "hostname";

    private EtcFiles() {}

    static void write(Path podDir, String hostname, String ip, boolean hostNetwork) throws IOException {
        String hosts;
        if (hostNetwork) {
            // k/k kubelet_pods.go: a host-network pod gets the node's own hosts file, marked as managed.
            Path host = Path.of("/etc/hosts");
            hosts = "# Kubernetes-managed hosts file (host network).\n"
                    + (Files.isReadable(host) ? Files.readString(host) : "127.0.0.1\tlocalhost\n");
        } else {
            hosts = "# Kubernetes-managed hosts file.\n"
                    + "127.0.0.1\tlocalhost\n"
                    + "::1\tlocalhost ip6-localhost ip6-loopback\n"
                    + "fe00::0\tip6-localnet\n"
                    + "fe00::0\tip6-mcastprefix\n"
                    + "fe00::1\tip6-allnodes\n"
                    + "fe00::2\tip6-allrouters\n"
                    + ip + "\t" + hostname + "\n";
        }
        Path resolv = Path.of("/etc/resolv.conf");
        String resolvConf = Files.isReadable(resolv) ? Files.readString(resolv) : "";
        writeReadable(podDir.resolve(HOSTS), hosts);
        writeReadable(podDir.resolve(RESOLV_CONF), resolvConf);
        writeReadable(podDir.resolve(HOSTNAME), hostname + "\n");
    }

    private static void writeReadable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, VolumeFiles.permissions(0644));
    }
}
