package skiff.bench.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a second server on the same etcd needs from the first one's data dir before its first start (README: the
 * cluster's CA, service-account key, admin credentials and token), as kubeadm copies its PKI to another
 * control-plane node.
 */
final class ControlPlaneFiles {
    private static final List<String> SHARED = List.of("tls/ca.crt", "tls/ca.key", "tls/service-account.key",
            "tls/admin.crt", "tls/admin.key", "token");

    private ControlPlaneFiles() {}

    static void copy(Path fromDataDir, Path toDataDir) {
        try {
            for (String file : SHARED) {
                Files.createDirectories(toDataDir.resolve(file).getParent());
                Files.copy(fromDataDir.resolve(file), toDataDir.resolve(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The options of a server on {@code etcd} with no kubelet: only the control plane is measured. */
    static List<String> onEtcd(String endpoint) {
        return List.of("--etcd-endpoints", endpoint, "--no-kubelet");
    }
}
