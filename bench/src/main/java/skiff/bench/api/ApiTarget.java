package skiff.bench.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import skiff.bench.Workspace;
import skiff.bench.process.ReadinessProbe;
import skiff.bench.process.SkiffProcess;

/** One server under test (one store kind) and its connected clients: 64 for writes and lists, 10 for watches. */
public final class ApiTarget implements AutoCloseable {
    static final int CLIENTS = 64;
    static final int WATCH_CONNECTIONS = 10;

    final String store;
    final SkiffProcess server;
    final List<PodApi> clients = new ArrayList<>();
    final List<PodApi> watchClients = new ArrayList<>();

    private ApiTarget(String store, SkiffProcess server) {
        this.store = store;
        this.server = server;
    }

    static ApiTarget start(Workspace ws, String store, List<String> jvmOptions)
            throws IOException, InterruptedException {
        return start(ws, ws.newDirectory("api-" + store).resolve("data"), store, jvmOptions, List.of());
    }

    /**
     * A server on {@code dataDir} (which may already hold another server's credentials) with further
     * {@code serverOptions}, e.g. {@code --etcd-endpoints}.
     */
    public static ApiTarget start(Workspace ws, Path dataDir, String store, List<String> jvmOptions,
            List<String> serverOptions) throws IOException, InterruptedException {
        ApiTarget target = new ApiTarget(store, SkiffProcess.start(ws, new ReadinessProbe(ws.clock()), dataDir,
                store, jvmOptions, serverOptions));
        try {
            for (int i = 0; i < CLIENTS; i++) {
                target.clients.add(PodApi.of(target.server));
                target.clients.getLast().connect();
            }
            for (int i = 0; i < WATCH_CONNECTIONS; i++) {
                target.watchClients.add(PodApi.of(target.server));
                target.watchClients.getLast().connect();
            }
            for (String ns : List.of("warmup", "bench", "watch")) {
                target.admin().createNamespace(ns);
            }
            return target;
        } catch (IOException | InterruptedException | RuntimeException e) {
            target.close();
            throw e;
        }
    }

    public PodApi admin() {
        return clients.getFirst();
    }

    /** The first {@code n} of the connected clients for writes. */
    public List<PodApi> clients(int n) {
        return clients.subList(0, n);
    }

    public List<PodApi> watchClients() {
        return watchClients;
    }

    public String store() {
        return store;
    }

    public SkiffProcess server() {
        return server;
    }

    @Override
    public void close() {
        clients.forEach(PodApi::close);
        watchClients.forEach(PodApi::close);
        server.close();
    }
}
