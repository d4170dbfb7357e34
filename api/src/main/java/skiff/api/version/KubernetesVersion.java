package skiff.api.version;

/**
 * The Kubernetes version Skiff reports (on {@code /version}, as its kubelets' version) and the User-Agent its own
 * components send, which names them in managedFields as Kubernetes' components are named.
 */
public final class KubernetesVersion {
    /** Skiff speaks the v1.32 API; the machines' kubectl dispatcher picks its client by this minor version. */
    public static final String GIT_VERSION = "v1.32.4-skiff";

    private KubernetesVersion() {}

    /**
     * client-go's {@code rest.DefaultKubernetesUserAgent} (1.32): {@code COMMAND/VERSION (OS/ARCH) kubernetes/COMMIT}.
     * The API server records an update under the User-Agent up to its first {@code /} when the request names no field
     * manager, so a pod's managedFields say {@code kube-controller-manager} and {@code kubelet}.
     */
    public static String userAgent(String command) {
        return command + "/" + GIT_VERSION + " (" + platform() + ") kubernetes/skiff";
    }

    /** {@code linux/amd64}, as Go names an operating system and architecture. */
    public static String platform() {
        String arch = System.getProperty("os.arch");
        String goArch = arch.equals("x86_64") ? "amd64" : arch.equals("aarch64") ? "arm64" : arch;
        return System.getProperty("os.name").toLowerCase() + "/" + goArch;
    }
}
