package skiff.bench.api;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import skiff.bench.Format;
import skiff.bench.Latencies;
import skiff.bench.ResultTable;
import skiff.bench.Scale;
import skiff.bench.Workspace;
import skiff.bench.process.ReadinessProbe;
import skiff.bench.process.SkiffProcess;

/**
 * The API server as a real process, once on the embedded store and once on {@code --store memory} (the reference:
 * the same server without the durable store): pod creates at 1, 8 and 64 clients, listing 10,000 pods, and watch
 * delivery to 100 watchers.
 */
public final class ApiBenchmark {
    private static final int[] CLIENTS = {1, 8, 64};
    private static final int[] CREATES = {2_000, 4_000, 4_000}; // 10,000 in all: the list benchmark's namespace
    private static final int WATCHERS = 100;
    private static final int WATCH_CONNECTIONS = 10;

    private final Workspace ws;
    private final Scale scale;
    private final List<String> serverJvmOptions;

    public ApiBenchmark(Workspace ws, Scale scale, List<String> serverJvmOptions) {
        this.ws = ws;
        this.scale = scale;
        this.serverJvmOptions = serverJvmOptions;
    }

    public void run() throws IOException, InterruptedException {
        ApiRun embedded = measure("embedded");
        ApiRun memory = measure("memory");
        new ApiReport(embedded, memory).print(System.out);
    }

    private ApiRun measure(String store) throws IOException, InterruptedException {
        Path dataDir = ws.newDirectory("api-" + store).resolve("data");
        List<PodApi> clients = new ArrayList<>();
        List<PodApi> watchClients = new ArrayList<>();
        try (SkiffProcess server = SkiffProcess.start(ws, new ReadinessProbe(ws.clock()), dataDir, store,
                serverJvmOptions)) {
            for (int i = 0; i < CLIENTS[CLIENTS.length - 1]; i++) {
                clients.add(PodApi.of(server));
            }
            PodApi admin = clients.getFirst();
            for (String ns : List.of("warmup", "bench", "watch")) {
                admin.createNamespace(ns);
            }
            CreateLoad load = new CreateLoad(ws.clock());
            System.out.printf("api[%s]: warming up%n", store);
            for (PodApi client : clients) {
                client.connect();
            }
            load.run(clients, "warmup", "a-", scale.count(1_000));
            load.run(clients.subList(0, 1), "warmup", "b-", scale.count(500));
            List<ApiRun.CreateLevel> creates = new ArrayList<>();
            int total = 0;
            for (int i = 0; i < CLIENTS.length; i++) {
                int n = scale.count(CREATES[i]);
                System.out.printf("api[%s]: %d creates with %d clients%n", store, n, CLIENTS[i]);
                Latencies l = load.run(clients.subList(0, CLIENTS[i]), "bench", "c" + CLIENTS[i] + "-", n);
                if (l.failures() > 0) {
                    throw new IllegalStateException(l.failures() + " creates failed at " + CLIENTS[i] + " clients");
                }
                creates.add(new ApiRun.CreateLevel(CLIENTS[i], l));
                total += n;
            }
            System.out.printf("api[%s]: listing %d pods%n", store, total);
            ListTiming lists = new ListTiming(ws.clock());
            ListTiming.Result full = lists.full(admin, "bench", total, 10);
            Latencies paged = lists.paged(admin, "bench", 500, total, 3);
            System.out.printf("api[%s]: %d watchers%n", store, WATCHERS);
            for (int i = 0; i < WATCH_CONNECTIONS; i++) {
                watchClients.add(PodApi.of(server));
            }
            WatchLatency.Result watch = new WatchLatency(ws.clock()).run(watchClients, admin, "watch", WATCHERS,
                    scale.count(200), Duration.ofMillis(10));
            return new ApiRun(store, creates, full, paged, watch, server.residentBytes());
        } finally {
            clients.forEach(PodApi::close);
            watchClients.forEach(PodApi::close);
        }
    }
}
