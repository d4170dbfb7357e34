package skiff.bench.pods;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import skiff.api.json.Json;
import skiff.bench.Format;
import skiff.bench.Latencies;
import skiff.bench.ResultTable;
import skiff.bench.Scale;
import skiff.bench.Workspace;
import skiff.bench.api.PodApi;
import skiff.bench.process.ReadinessProbe;
import skiff.bench.process.SkiffProcess;

/**
 * Pod start-up latency: {@code skiff server} as a real process with its kubelet on the process runtime; pods bound
 * to its node by {@code spec.nodeName} (no scheduler involved), each one container {@code sleep 3600}. For every pod,
 * from just before its create request to a watch on its namespace showing it ADDED (the floor: the API alone),
 * phase Running, and condition Ready. Once one pod at a time (each create waits for the previous pod to be Ready),
 * once all created at once by {@value #CLIENTS} clients.
 */
public final class PodStartupBenchmark {
    private static final int PODS = 200;
    private static final int WARMUP_PODS = 30;
    private static final int CLIENTS = 16;
    private static final String NODE = "bench-node";
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    private final Workspace ws;
    private final Scale scale;
    private final List<String> serverJvmOptions;

    public PodStartupBenchmark(Workspace ws, Scale scale, List<String> serverJvmOptions) {
        this.ws = ws;
        this.scale = scale;
        this.serverJvmOptions = serverJvmOptions;
    }

    public void run() throws IOException, InterruptedException {
        Path dataDir = ws.newDirectory("pods").resolve("data");
        List<PodApi> clients = new ArrayList<>();
        try (SkiffProcess server = SkiffProcess.start(ws, new ReadinessProbe(ws.clock()), dataDir, "embedded",
                serverJvmOptions, List.of("--runtime", "process", "--node-name", NODE))) {
            for (int i = 0; i < CLIENTS + 1; i++) {
                clients.add(PodApi.of(server));
                clients.getLast().connect();
            }
            PodApi admin = clients.getFirst();
            awaitNode(admin);
            for (String ns : List.of("warmup", "sequential", "concurrent")) {
                admin.createNamespace(ns);
            }
            int pods = scale.count(PODS);
            System.out.printf("pods: warming up with %d pods%n", scale.count(WARMUP_PODS));
            measure(admin, clients.subList(1, 2), "warmup", scale.count(WARMUP_PODS), true);
            System.out.printf("pods: %d pods one at a time%n", pods);
            PodTimes sequential = measure(admin, clients.subList(1, 2), "sequential", pods, true);
            System.out.printf("pods: %d pods at once from %d clients%n", pods, CLIENTS);
            PodTimes concurrent = measure(admin, clients.subList(1, CLIENTS + 1), "concurrent", pods, false);
            report(pods, sequential, concurrent);
        } catch (RuntimeException e) {
            printLogTail(dataDir.resolveSibling(dataDir.getFileName() + ".log"));
            throw e;
        } finally {
            clients.forEach(PodApi::close);
        }
    }

    private PodTimes measure(PodApi admin, List<PodApi> writers, String namespace, int pods, boolean oneAtATime)
            throws IOException, InterruptedException {
        String rv = Json.parse(admin.list("/api/v1/namespaces/" + namespace + "/pods").body())
                .path("metadata").path("resourceVersion").asString();
        PodTimes times = new PodTimes(ws.clock(), pods);
        Thread watcher = Thread.ofVirtual().start(() -> times.follow(admin, namespace, rv));
        try {
            AtomicInteger next = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (PodApi writer : writers) {
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = next.getAndIncrement(); i < pods; i = next.getAndIncrement()) {
                        create(writer, namespace, i, times);
                        if (oneAtATime) {
                            awaitReady(admin, times, namespace, i);
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            if (!times.awaitAllReady(DEADLINE)) {
                throw new IllegalStateException("not every pod of " + namespace + " became Ready in time ("
                        + times.watchEnd() + ")");
            }
            return times;
        } finally {
            watcher.interrupt();
        }
    }

    private static void awaitReady(PodApi admin, PodTimes times, String namespace, int i) {
        try {
            if (!times.awaitReady(i, DEADLINE)) {
                byte[] pod = admin.list("/api/v1/namespaces/" + namespace + "/pods/" + PodTimes.name(i)).body();
                throw new IllegalStateException("pod " + i + " of " + namespace + " not Ready in time ("
                        + times.watchEnd() + "); the API has: "
                        + new String(pod, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void create(PodApi writer, String namespace, int i, PodTimes times) {
        try {
            times.sent(i);
            HttpResponse<String> r = writer.post("/api/v1/namespaces/" + namespace + "/pods", manifest(i));
            if (r.statusCode() != 201) {
                throw new IllegalStateException("create " + i + " answered " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String manifest(int i) {
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},"spec":{"nodeName":"%s",\
                "terminationGracePeriodSeconds":1,\
                "containers":[{"name":"app","image":"busybox","command":["sleep","3600"]}]}}"""
                .formatted(PodTimes.name(i), NODE);
    }

    /** The server's last log lines, before the workspace and its log are deleted. */
    private static void printLogTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            System.err.println("pods: the server's last log lines (" + log + "):");
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
        } catch (IOException e) {
            System.err.println("pods: cannot read " + log + ": " + e);
        }
    }

    private void awaitNode(PodApi admin) throws IOException, InterruptedException {
        long deadline = ws.clock().nanoTime() + DEADLINE.toNanos();
        while (ws.clock().nanoTime() < deadline) {
            if (admin.list("/api/v1/nodes/" + NODE).statusCode() == 200) {
                return;
            }
            ws.clock().sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("node " + NODE + " never registered");
    }

    private static void report(int pods, PodTimes sequential, PodTimes concurrent) {
        ResultTable table = new ResultTable("Pod start-up: create request to the watch showing the pod (" + pods
                + " pods each, process runtime, embedded store)",
                "from the create request to", "one at a time: p50", "p99", "max",
                "all at once: p50", "p99", "max");
        row(table, "ADDED (API floor)", sequential.added(), concurrent.added());
        row(table, "phase Running", sequential.running(), concurrent.running());
        row(table, "condition Ready", sequential.ready(), concurrent.ready());
        table.print(System.out);
        System.out.printf("- all at once: %d creates took %s; the last pod was Ready %s after the first create%n",
                pods, Format.millis(concurrent.creating()), Format.millis(concurrent.span()));
    }

    private static void row(ResultTable table, String what, Latencies a, Latencies b) {
        table.row(what, Format.millis(a.p50()), Format.millis(a.p99()), Format.millis(a.max()),
                Format.millis(b.p50()), Format.millis(b.p99()), Format.millis(b.max()));
    }
}
