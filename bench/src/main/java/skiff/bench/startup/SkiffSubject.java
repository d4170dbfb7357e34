package skiff.bench.startup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import skiff.bench.Workspace;
import skiff.bench.api.CreateLoad;
import skiff.bench.api.PodApi;
import skiff.bench.process.ProcessCpu;
import skiff.bench.process.ReadinessProbe;
import skiff.bench.process.SkiffProcess;
import skiff.bench.process.StartedServer;

/** {@code java [flags] -jar cli/target/skiff.jar server} on the embedded store; fills it with pods over the API. */
final class SkiffSubject implements StartupSubject {
    private static final int LOAD_CLIENTS = 64;

    private final Workspace ws;
    private final ReadinessProbe probe;
    private final String name;
    private final List<String> jvmOptions;
    private int podBytes;

    SkiffSubject(Workspace ws, ReadinessProbe probe, String name, List<String> jvmOptions) {
        this.ws = ws;
        this.probe = probe;
        this.name = name;
        this.jvmOptions = jvmOptions;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public StartedServer start(Path dataDir) throws InterruptedException {
        return SkiffProcess.start(ws, probe, dataDir, "embedded", jvmOptions);
    }

    @Override
    public Duration readyLine(StartedServer server) {
        return ((SkiffProcess) server).timeToReadyLine();
    }

    @Override
    public FirstWrite firstWrite(StartedServer server) throws IOException, InterruptedException {
        SkiffProcess skiff = (SkiffProcess) server;
        try (PodApi api = PodApi.of(skiff)) {
            api.connect();
            awaitDefaultServiceAccount(api, "default");
            Duration cpuBefore = ProcessCpu.used(skiff.pid());
            long start = ws.clock().nanoTime();
            int status = api.createPod("default", "first").statusCode();
            Duration wall = Duration.ofNanos(ws.clock().nanoTime() - start);
            Duration cpu = ProcessCpu.used(skiff.pid()).minus(cpuBefore);
            if (status != 201) {
                throw new IllegalStateException("the first pod create answered " + status);
            }
            return new FirstWrite(wall, cpu);
        }
    }

    @Override
    public Duration fill(StartedServer server, int objects) throws IOException, InterruptedException {
        SkiffProcess skiff = (SkiffProcess) server;
        List<PodApi> clients = new ArrayList<>();
        try {
            for (int i = 0; i < LOAD_CLIENTS; i++) {
                clients.add(PodApi.of(skiff));
                clients.getLast().connect(); // 64 TLS handshakes at once on a cold server can time out
            }
            clients.getFirst().createNamespace("load");
            awaitDefaultServiceAccount(clients.getFirst(), "load");
            long start = ws.clock().nanoTime();
            long failures = new CreateLoad(ws.clock()).run(clients, "load", "p-", objects).failures();
            Duration took = Duration.ofNanos(ws.clock().nanoTime() - start);
            if (failures > 0) {
                throw new IllegalStateException(failures + " pod creates failed");
            }
            podBytes = clients.getFirst().list("/api/v1/namespaces/load/pods/p-0").body().length;
            return took;
        } finally {
            clients.forEach(PodApi::close);
        }
    }

    // ServiceAccount admission refuses pods until the controller has made the namespace's "default" account; on a
    // loaded machine that can take a while after the namespace is created.
    private void awaitDefaultServiceAccount(PodApi api, String namespace) throws IOException, InterruptedException {
        long deadline = ws.clock().nanoTime() + Duration.ofMinutes(2).toNanos();
        while (api.list("/api/v1/namespaces/" + namespace + "/serviceaccounts/default").statusCode() != 200) {
            if (ws.clock().nanoTime() > deadline) {
                throw new IllegalStateException("namespace " + namespace
                        + " has no default service account after 2 minutes");
            }
            ws.clock().sleep(Duration.ofMillis(50));
        }
    }

    /** The JSON size of one stored pod, once {@link #fill} has run. */
    int podBytes() {
        return podBytes;
    }
}
