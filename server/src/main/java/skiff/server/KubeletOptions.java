package skiff.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether and how the server runs a kubelet for this machine.
 *
 * @param nodeName null for the machine's host name
 * @param runtime which container runtime runs the pods
 * @param podManifestPath the directory of static pod manifests, null for none
 * @param port the kubelet's HTTPS port for logs and exec (10250; 0 picks a free one)
 * @param proxy the service proxy started next to the kubelet
 */
public record KubeletOptions(boolean enabled, String nodeName, RuntimeKind runtime, Path podManifestPath, int port,
        ProxyOptions proxy) {

    /** Container runtimes a kubelet can use. */
    public enum RuntimeKind {
        /** The best one available: today always {@link #PROCESS}. */
        AUTO,
        /** Each container a host process group: no images, no isolation. */
        PROCESS,
        /** OCI containers through runc (not implemented yet). */
        RUNC
    }

    public static KubeletOptions defaults() {
        return new KubeletOptions(true, null, RuntimeKind.AUTO, null, 10250, ProxyOptions.none());
    }

    public static KubeletOptions disabled() {
        return new KubeletOptions(false, null, RuntimeKind.AUTO, null, 10250, ProxyOptions.none());
    }

    public KubeletOptions withNodeName(String name) {
        return new KubeletOptions(enabled, name, runtime, podManifestPath, port, proxy);
    }

    public KubeletOptions withRuntime(RuntimeKind kind) {
        return new KubeletOptions(enabled, nodeName, kind, podManifestPath, port, proxy);
    }

    /** Runs the static pods of the manifests in {@code directory} (k/k kubelet --pod-manifest-path). */
    public KubeletOptions withPodManifestPath(Path directory) {
        return new KubeletOptions(enabled, nodeName, runtime, directory, port, proxy);
    }

    public KubeletOptions withPort(int kubeletPort) {
        return new KubeletOptions(enabled, nodeName, runtime, podManifestPath, kubeletPort, proxy);
    }

    /** Runs the service proxy next to the kubelet as {@code options} say (defaults: none). */
    public KubeletOptions withProxy(ProxyOptions options) {
        return new KubeletOptions(enabled, nodeName, runtime, podManifestPath, port, options);
    }

    /** The node name to register: the given one, else the host name in lower case (k/k kubelet --hostname-override). */
    public String effectiveNodeName() {
        if (nodeName != null && !nodeName.isBlank()) {
            return nodeName;
        }
        try {
            String host = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            return host.isBlank() ? "localhost" : host;
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
