package skiff.server;

import java.nio.file.Path;
import skiff.api.time.Clock;

/**
 * How to start a Skiff server.
 *
 * @param dataDir where the store, credentials and kubeconfig live
 * @param bindAddress the address to listen on
 * @param port 0 picks a free port
 * @param watchCacheEvents how many recent changes the watch cache keeps; a watch from an older revision is told
 *     410 Expired
 * @param kubelet whether and how to run a kubelet for this machine
 */
public record SkiffServerOptions(Path dataDir, String bindAddress, int port, StoreKind store, Clock clock,
        int watchCacheEvents, KubeletOptions kubelet) {
    public static final int DEFAULT_WATCH_CACHE_EVENTS = 100_000;

    /** Options with the default watch cache and kubelet (enabled, node named after the host, process runtime). */
    public SkiffServerOptions(Path dataDir, String bindAddress, int port, StoreKind store, Clock clock) {
        this(dataDir, bindAddress, port, store, clock, DEFAULT_WATCH_CACHE_EVENTS, KubeletOptions.defaults());
    }

    public static SkiffServerOptions defaults(Path dataDir) {
        return new SkiffServerOptions(dataDir, "127.0.0.1", 6443, StoreKind.EMBEDDED, Clock.system());
    }

    public SkiffServerOptions withKubelet(KubeletOptions options) {
        return new SkiffServerOptions(dataDir, bindAddress, port, store, clock, watchCacheEvents, options);
    }

    public SkiffServerOptions withPort(int newPort) {
        return new SkiffServerOptions(dataDir, bindAddress, newPort, store, clock, watchCacheEvents, kubelet);
    }

    public SkiffServerOptions withBindAddress(String address) {
        return new SkiffServerOptions(dataDir, address, port, store, clock, watchCacheEvents, kubelet);
    }

    public SkiffServerOptions withStore(StoreKind kind) {
        return new SkiffServerOptions(dataDir, bindAddress, port, kind, clock, watchCacheEvents, kubelet);
    }

    /** Shrinks (or grows) the watch cache's window of recent changes; tests use a small one to reach 410 quickly. */
    public SkiffServerOptions withWatchCacheEvents(int events) {
        if (events < 1) {
            throw new IllegalArgumentException("watchCacheEvents must be positive: " + events);
        }
        return new SkiffServerOptions(dataDir, bindAddress, port, store, clock, events, kubelet);
    }
}
