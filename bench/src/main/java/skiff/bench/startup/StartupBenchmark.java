package skiff.bench.startup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import skiff.bench.Scale;
import skiff.bench.Workspace;
import skiff.bench.api.CreateLoad;
import skiff.bench.api.PodApi;
import skiff.bench.process.EtcdProcess;
import skiff.bench.process.EtcdVersion;
import skiff.bench.process.ReadinessProbe;
import skiff.bench.process.SkiffProcess;
import skiff.bench.store.EtcdWriter;
import skiff.bench.store.WriteLoad;

/**
 * Time from spawning the server process to its health endpoint answering (Skiff: GET /readyz = ok; etcd: GET
 * /health = true), on a fresh data directory, on an existing one, and on one holding 10,000 objects; and resident
 * memory idle after start and after 10,000 creates. Skiff runs as {@code java -jar cli/target/skiff.jar server},
 * once with the JVM's default flags and once with bin/skiff's {@code -XX:+UseSerialGC}; etcd is the reference.
 */
public final class StartupBenchmark {
    private static final int STARTS = 3;
    private static final int OBJECTS = 10_000;
    private static final int LOAD_CLIENTS = 64;
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private final Workspace ws;
    private final Scale scale;
    private final ReadinessProbe probe;

    public StartupBenchmark(Workspace ws, Scale scale) {
        this.ws = ws;
        this.scale = scale;
        this.probe = new ReadinessProbe(ws.clock());
    }

    public void run() throws IOException, InterruptedException {
        warmUp();
        List<StartupSeries> skiff = new ArrayList<>();
        int[] podBytes = {0};
        skiff.add(skiffSeries("Skiff (java -jar)", List.of(), podBytes));
        skiff.add(skiffSeries("Skiff (-XX:+UseSerialGC, as bin/skiff)", List.of("-XX:+UseSerialGC"), podBytes));
        StartupSeries etcd = ws.hasEtcd() ? etcdSeries(Math.max(podBytes[0], 1)) : null;
        new StartupReport(skiff, etcd, scale.count(OBJECTS), podBytes[0]).print(System.out);
    }

    // One untimed start of each, so the page cache holds both programs and the probe's own code is warm.
    private void warmUp() throws InterruptedException {
        try (SkiffProcess s = SkiffProcess.start(ws, probe, ws.newDirectory("warm-skiff").resolve("data"),
                "embedded", List.of())) {
            System.out.printf("startup: warm-up start of Skiff took %s%n", s.timeToReadyz());
        }
        if (ws.hasEtcd()) {
            try (EtcdProcess e = EtcdProcess.start(ws, probe, ws.newDirectory("warm-etcd").resolve("data"))) {
                System.out.printf("startup: warm-up start of etcd took %s%n", e.timeToHealthy());
            }
        }
    }

    private StartupSeries skiffSeries(String name, List<String> jvmOptions, int[] podBytes)
            throws IOException, InterruptedException {
        System.out.printf("startup: %s%n", name);
        StartupSeries series = new StartupSeries(name);
        Path base = ws.newDirectory("startup-skiff");
        Path dir = null;
        for (int i = 0; i < STARTS; i++) {
            dir = base.resolve("fresh-" + i);
            try (SkiffProcess s = SkiffProcess.start(ws, probe, dir, "embedded", jvmOptions)) {
                series.fresh.add(s.timeToReadyz());
                series.freshCpu.add(s.cpuToReadyz());
                if (s.timeToReadyLine() != null) {
                    series.freshReadyLine.add(s.timeToReadyLine());
                }
                ws.clock().sleep(SETTLE);
                series.idleRss.add(s.residentBytes());
            }
        }
        for (int i = 0; i < STARTS; i++) {
            try (SkiffProcess s = SkiffProcess.start(ws, probe, dir, "embedded", jvmOptions)) {
                series.existing.add(s.timeToReadyz());
                series.existingCpu.add(s.cpuToReadyz());
            }
        }
        try (SkiffProcess s = SkiffProcess.start(ws, probe, dir, "embedded", jvmOptions)) {
            List<PodApi> clients = new ArrayList<>();
            try {
                for (int i = 0; i < LOAD_CLIENTS; i++) {
                    clients.add(PodApi.of(s));
                    clients.getLast().connect(); // 64 TLS handshakes at once on a cold server can time out
                }
                clients.getFirst().createNamespace("load");
                long start = ws.clock().nanoTime();
                long failures = new CreateLoad(ws.clock()).run(clients, "load", "p-", scale.count(OBJECTS)).failures();
                series.loadTime = Duration.ofNanos(ws.clock().nanoTime() - start);
                if (failures > 0) {
                    throw new IllegalStateException(failures + " pod creates failed");
                }
                podBytes[0] = clients.getFirst().list("/api/v1/namespaces/load/pods/p-0").body().length;
                ws.clock().sleep(SETTLE);
                series.rssAfterLoad = s.residentBytes();
            } finally {
                clients.forEach(PodApi::close);
            }
        }
        for (int i = 0; i < STARTS; i++) {
            try (SkiffProcess s = SkiffProcess.start(ws, probe, dir, "embedded", jvmOptions)) {
                series.existingLoaded.add(s.timeToReadyz());
                series.existingLoadedCpu.add(s.cpuToReadyz());
                ws.clock().sleep(SETTLE);
                series.loadedIdleRss.add(s.residentBytes());
            }
        }
        return series;
    }

    private StartupSeries etcdSeries(int valueBytes) throws InterruptedException {
        System.out.println("startup: etcd");
        StartupSeries series = new StartupSeries("etcd " + EtcdVersion.of(ws.etcd()));
        Path base = ws.newDirectory("startup-etcd");
        Path dir = null;
        for (int i = 0; i < STARTS; i++) {
            dir = base.resolve("fresh-" + i);
            try (EtcdProcess e = EtcdProcess.start(ws, probe, dir)) {
                series.fresh.add(e.timeToHealthy());
                series.freshCpu.add(e.cpuToHealthy());
                ws.clock().sleep(SETTLE);
                series.idleRss.add(e.residentBytes());
            }
        }
        for (int i = 0; i < STARTS; i++) {
            try (EtcdProcess e = EtcdProcess.start(ws, probe, dir)) {
                series.existing.add(e.timeToHealthy());
                series.existingCpu.add(e.cpuToHealthy());
            }
        }
        try (EtcdProcess e = EtcdProcess.start(ws, probe, dir);
                EtcdWriter writer = new EtcdWriter(e.endpoint())) {
            byte[] value = new byte[valueBytes];
            java.util.Arrays.fill(value, (byte) 'x');
            long start = ws.clock().nanoTime();
            long failures = new WriteLoad(ws.clock()).fill(writer, LOAD_CLIENTS, scale.count(OBJECTS),
                    "/registry/pods/load", value);
            series.loadTime = Duration.ofNanos(ws.clock().nanoTime() - start);
            if (failures > 0) {
                throw new IllegalStateException(failures + " etcd puts failed");
            }
            ws.clock().sleep(SETTLE);
            series.rssAfterLoad = e.residentBytes();
        }
        for (int i = 0; i < STARTS; i++) {
            try (EtcdProcess e = EtcdProcess.start(ws, probe, dir)) {
                series.existingLoaded.add(e.timeToHealthy());
                series.existingLoadedCpu.add(e.cpuToHealthy());
                ws.clock().sleep(SETTLE);
                series.loadedIdleRss.add(e.residentBytes());
            }
        }
        return series;
    }
}
