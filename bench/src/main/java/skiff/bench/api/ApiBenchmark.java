package skiff.bench.api;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import skiff.bench.Latencies;
import skiff.bench.Scale;
import skiff.bench.Workspace;

/**
 * The API server as a real process on the embedded store, and beside it a second one on {@code --store memory}
 * (the reference: the same server without the durable store). Both run at once and every phase alternates between
 * them, so a change in the machine's load falls on both: pod creates at 1, 8 and 64 clients, listing 10,000 pods,
 * and watch delivery to 100 watchers.
 */
public final class ApiBenchmark {
    private static final int[] CLIENTS = {1, 8, 64};
    private static final int[] CREATES = {2_000, 4_000, 4_000}; // 10,000 in all: the list benchmark's namespace
    private static final int FULL_LISTS = 10;
    private static final int PAGED_WALKS = 3;
    private static final int WATCHERS = 100;

    private final Workspace ws;
    private final Scale scale;
    private final List<String> serverJvmOptions;

    public ApiBenchmark(Workspace ws, Scale scale, List<String> serverJvmOptions) {
        this.ws = ws;
        this.scale = scale;
        this.serverJvmOptions = serverJvmOptions;
    }

    public void run() throws IOException, InterruptedException {
        ApiRun embedded = new ApiRun("embedded");
        ApiRun memory = new ApiRun("memory");
        try (ApiTarget e = ApiTarget.start(ws, "embedded", serverJvmOptions);
                ApiTarget m = ApiTarget.start(ws, "memory", serverJvmOptions)) {
            List<ApiTarget> targets = List.of(e, m);
            List<ApiRun> runs = List.of(embedded, memory);
            CreateLoad load = new CreateLoad(ws.clock());
            System.out.println("api: warming up both servers");
            for (ApiTarget t : targets) {
                load.run(t.clients, "warmup", "a-", scale.count(1_000));
                load.run(t.clients.subList(0, 1), "warmup", "b-", scale.count(500));
            }
            int total = 0;
            for (int level = 0; level < CLIENTS.length; level++) {
                int n = scale.count(CREATES[level]);
                for (int i = 0; i < targets.size(); i++) {
                    ApiTarget t = targets.get(i);
                    System.out.printf("api[%s]: %d creates with %d clients%n", t.store, n, CLIENTS[level]);
                    Latencies l = load.run(t.clients.subList(0, CLIENTS[level]), "bench", "c" + CLIENTS[level] + "-", n);
                    if (l.failures() > 0) {
                        throw new IllegalStateException(l.failures() + " creates failed on " + t.store);
                    }
                    runs.get(i).creates.add(new ApiRun.CreateLevel(CLIENTS[level], l));
                }
                total += n;
            }
            System.out.printf("api: listing %d pods%n", total);
            ListTiming lists = new ListTiming(ws.clock());
            for (int i = 0; i < targets.size(); i++) {
                runs.get(i).listBytes = lists.check(targets.get(i).admin(), "bench", total);
                lists.full(targets.get(i).admin(), "bench"); // warms the serialization path
            }
            for (int r = 0; r < FULL_LISTS; r++) {
                for (int i = 0; i < targets.size(); i++) {
                    runs.get(i).fullLists.add(lists.full(targets.get(i).admin(), "bench"));
                }
            }
            for (int r = 0; r < PAGED_WALKS; r++) {
                for (int i = 0; i < targets.size(); i++) {
                    runs.get(i).pagedLists.add(lists.paged(targets.get(i).admin(), "bench", 500, total));
                }
            }
            for (int i = 0; i < targets.size(); i++) {
                ApiTarget t = targets.get(i);
                System.out.printf("api[%s]: %d watchers%n", t.store, WATCHERS);
                runs.get(i).watch = new WatchLatency(ws.clock()).run(t.watchClients, t.admin(), "watch", WATCHERS,
                        scale.count(200), Duration.ofMillis(10));
                runs.get(i).residentBytes = t.server.residentBytes();
            }
        }
        new ApiReport(embedded, memory).print(System.out);
    }
}
