package skiff.server;

import java.nio.file.Path;
import skiff.api.time.Clock;

/**
 * How to start a Skiff server.
 *
 * @param dataDir where the store, credentials and kubeconfig live
 * @param bindAddress the address to listen on
 * @param port 0 picks a free port
 * @param kubelet whether and how to run a kubelet for this machine
 */
public record SkiffServerOptions(Path dataDir, String bindAddress, int port, StoreKind store, Clock clock,
        KubeletOptions kubelet) {

    /** Options with the default kubelet (enabled, node named after the host, process runtime). */
    public SkiffServerOptions(Path dataDir, String bindAddress, int port, StoreKind store, Clock clock) {
        this(dataDir, bindAddress, port, store, clock, KubeletOptions.defaults());
    }

    public static SkiffServerOptions defaults(Path dataDir) {
        return new SkiffServerOptions(dataDir, "127.0.0.1", 6443, StoreKind.EMBEDDED, Clock.system());
    }

    public SkiffServerOptions withKubelet(KubeletOptions options) {
        return new SkiffServerOptions(dataDir, bindAddress, port, store, clock, options);
    }

    public SkiffServerOptions withPort(int newPort) {
        return new SkiffServerOptions(dataDir, bindAddress, newPort, store, clock, kubelet);
    }

    public SkiffServerOptions withBindAddress(String address) {
        return new SkiffServerOptions(dataDir, address, port, store, clock, kubelet);
    }

    public SkiffServerOptions withStore(StoreKind kind) {
        return new SkiffServerOptions(dataDir, bindAddress, port, kind, clock, kubelet);
    }
}
