package skiff.server;

import java.nio.file.Path;
import java.util.Set;
import skiff.api.time.Clock;

/**
 * How to start a Skiff server.
 *
 * @param dataDir where the store, credentials and kubeconfig live
 * @param bindAddress the address to listen on
 * @param port 0 picks a free port
 * @param disabledControllers names of built-in controllers not to run ("garbagecollector", "serviceaccount",
 *     "namespace")
 */
public record SkiffServerOptions(Path dataDir, String bindAddress, int port, StoreKind store, Clock clock,
        Set<String> disabledControllers) {

    public SkiffServerOptions {
        disabledControllers = Set.copyOf(disabledControllers);
    }

    /** Options with every controller enabled. */
    public SkiffServerOptions(Path dataDir, String bindAddress, int port, StoreKind store, Clock clock) {
        this(dataDir, bindAddress, port, store, clock, Set.of());
    }

    public static SkiffServerOptions defaults(Path dataDir) {
        return new SkiffServerOptions(dataDir, "127.0.0.1", 6443, StoreKind.EMBEDDED, Clock.system());
    }

    public SkiffServerOptions withPort(int newPort) {
        return new SkiffServerOptions(dataDir, bindAddress, newPort, store, clock, disabledControllers);
    }

    public SkiffServerOptions withBindAddress(String address) {
        return new SkiffServerOptions(dataDir, address, port, store, clock, disabledControllers);
    }

    public SkiffServerOptions withStore(StoreKind kind) {
        return new SkiffServerOptions(dataDir, bindAddress, port, kind, clock, disabledControllers);
    }

    public SkiffServerOptions withDisabledControllers(Set<String> names) {
        return new SkiffServerOptions(dataDir, bindAddress, port, store, clock, names);
    }
}
