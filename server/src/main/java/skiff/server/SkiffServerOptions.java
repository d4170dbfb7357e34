package skiff.server;

import java.nio.file.Path;
import skiff.api.time.Clock;

/**
 * How to start a Skiff server.
 *
 * @param dataDir where the store, credentials and kubeconfig live
 * @param bindAddress the address to listen on
 * @param port 0 picks a free port
 */
public record SkiffServerOptions(Path dataDir, String bindAddress, int port, StoreKind store, Clock clock) {

    public static SkiffServerOptions defaults(Path dataDir) {
        return new SkiffServerOptions(dataDir, "127.0.0.1", 6443, StoreKind.EMBEDDED, Clock.system());
    }

    public SkiffServerOptions withPort(int newPort) {
        return new SkiffServerOptions(dataDir, bindAddress, newPort, store, clock);
    }

    public SkiffServerOptions withBindAddress(String address) {
        return new SkiffServerOptions(dataDir, address, port, store, clock);
    }

    public SkiffServerOptions withStore(StoreKind kind) {
        return new SkiffServerOptions(dataDir, bindAddress, port, kind, clock);
    }
}
