package skiff.bench.etcd;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import skiff.bench.Latencies;
import skiff.bench.Scale;
import skiff.bench.Workspace;
import skiff.bench.api.ApiTarget;
import skiff.bench.api.CreateLoad;
import skiff.bench.api.WatchLatency;
import skiff.bench.process.EtcdProcess;
import skiff.bench.process.ReadinessProbe;

/**
 * {@code skiff server --store etcd} against {@code --store embedded}, both real processes running at once on the same
 * machine (no kubelet on either): pod creates at 1, 8 and 64 clients, the two servers taking turns at each level.
 * Then a second server on the same etcd, sharing the first's credentials: watch delivery when the pods are created
 * through server A and watched on server B, against watching on A itself, the two taking turns.
 */
public final class EtcdApiBenchmark {
    private static final int[] CLIENTS = {1, 8, 64};
    private static final int[] CREATES = {1_000, 2_000, 2_000};
    private static final int WATCHERS = 100;
    private static final int WATCH_ROUNDS = 2;

    private final Workspace ws;
    private final Scale scale;
    private final List<String> serverJvmOptions;

    public EtcdApiBenchmark(Workspace ws, Scale scale, List<String> serverJvmOptions) {
        this.ws = ws;
        this.scale = scale;
        this.serverJvmOptions = serverJvmOptions;
    }

    public void run() throws IOException, InterruptedException {
        if (!ws.hasEtcd()) {
            System.out.println("etcd: no etcd binary (apt-get install etcd-server): skipped");
            return;
        }
        EtcdApiReport report = new EtcdApiReport();
        try (EtcdProcess etcd = EtcdProcess.start(ws, new ReadinessProbe(ws.clock()),
                ws.newDirectory("etcd-api").resolve("data"))) {
            Path dirA = ws.newDirectory("etcd-api-a").resolve("data");
            Path dirB = ws.newDirectory("etcd-api-b").resolve("data");
            try (ApiTarget a = ApiTarget.start(ws, dirA, "etcd", serverJvmOptions, ControlPlaneFiles.onEtcd(
                            etcd.endpoint()));
                    ApiTarget embedded = ApiTarget.start(ws, ws.newDirectory("etcd-api-embedded").resolve("data"),
                            "embedded", serverJvmOptions, List.of("--no-kubelet"))) {
                creates(List.of(a, embedded), report);
                ControlPlaneFiles.copy(dirA, dirB);
                try (ApiTarget b = ApiTarget.start(ws, dirB, "etcd", serverJvmOptions,
                        ControlPlaneFiles.onEtcd(etcd.endpoint()))) {
                    watches(a, b, report);
                }
            }
        }
        report.print(System.out);
    }

    private void creates(List<ApiTarget> targets, EtcdApiReport report) throws InterruptedException {
        CreateLoad load = new CreateLoad(ws.clock());
        System.out.println("etcd: warming up both servers");
        for (ApiTarget t : targets) {
            load.run(t.clients(8), "warmup", "a-", scale.count(1_000));
            load.run(t.clients(1), "warmup", "b-", scale.count(300));
        }
        for (int level = 0; level < CLIENTS.length; level++) {
            int n = scale.count(CREATES[level]);
            Latencies[] measured = new Latencies[targets.size()];
            for (int i = 0; i < targets.size(); i++) {
                ApiTarget t = targets.get(i);
                System.out.printf("etcd[%s]: %d creates with %d clients%n", t.store(), n, CLIENTS[level]);
                measured[i] = load.run(t.clients(CLIENTS[level]), "bench", "c" + CLIENTS[level] + "-", n);
                if (measured[i].failures() > 0) {
                    throw new IllegalStateException(measured[i].failures() + " creates failed");
                }
            }
            report.creates.add(new EtcdApiReport.CreateLevel(CLIENTS[level], measured[0], measured[1]));
        }
    }

    private void watches(ApiTarget a, ApiTarget b, EtcdApiReport report) throws IOException, InterruptedException {
        WatchLatency watch = new WatchLatency(ws.clock());
        int writes = scale.count(200);
        for (int round = 0; round < WATCH_ROUNDS; round++) {
            String same = "watch-same-" + round;
            String across = "watch-across-" + round;
            a.admin().createNamespace(same);
            a.admin().createNamespace(across);
            System.out.printf("etcd: %d watchers on server A, %d creates through A%n", WATCHERS, writes);
            report.sameServer.add(watch.run(a.watchClients(), a.admin(), same, WATCHERS, writes,
                    Duration.ofMillis(10)));
            System.out.printf("etcd: %d watchers on server B, %d creates through A%n", WATCHERS, writes);
            report.acrossServers.add(watch.run(b.watchClients(), a.admin(), across, WATCHERS, writes,
                    Duration.ofMillis(10)));
        }
    }
}
