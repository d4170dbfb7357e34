package skiff.bench.pods;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import skiff.kubelet.network.CniConfig;
import skiff.kubelet.runtime.runc.RuntimeProbe;

/**
 * Pod start-up latency, runc against the process runtime: two {@code skiff server}s as real processes, one per
 * runtime, taking turns phase by phase; pods bound to the server's node by {@code spec.nodeName} (no scheduler
 * involved), each one container {@code sleep 3600} from a busybox image already in the store. For every pod, from
 * just before its create request to a watch on its namespace showing it ADDED (the floor: the API alone), phase
 * Running, and condition Ready. Once one pod at a time (each create waits for the previous pod to be Ready), once
 * all created at once by {@value #CLIENTS} clients. Then the memory each running pod costs: the server's JVM (its
 * kubelet), the containers' monitors and the containers themselves.
 */
public final class PodStartupBenchmark {
    private static final int PODS = 100;
    private static final int WARMUP_PODS = 20;
    private static final int CLIENTS = 16;
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    private final Workspace ws;
    private final Scale scale;
    private final List<String> serverJvmOptions;

    public PodStartupBenchmark(Workspace ws, Scale scale, List<String> serverJvmOptions) {
        this.ws = ws;
        this.scale = scale;
        this.serverJvmOptions = serverJvmOptions;
    }

    /** What one server measured. */
    private record Results(String runtime, PodTimes sequential, PodTimes concurrent, Duration concurrentCpu,
            PodMemory before, PodMemory after, int podsAdded) {}

    public void run() throws IOException, InterruptedException {
        RuntimeProbe.Decision runc = RuntimeProbe.system(CniConfig.DEFAULT_BIN_DIRS).decide();
        boolean withRunc = runc.useRunc() && Boolean.parseBoolean(System.getProperty("skiff.bench.pods.runc", "true"));
        if (!runc.useRunc()) {
            System.out.println("pods: runc cannot work here, so only the process runtime is measured: "
                    + String.join("; ", runc.reasons()));
        }
        List<PodServer> servers = new ArrayList<>();
        try {
            servers.add(PodServer.start(ws, serverJvmOptions, null, CLIENTS));
            if (withRunc) {
                servers.add(PodServer.start(ws, serverJvmOptions, RuncHost.random(runc.runc()), CLIENTS));
            }
            for (PodServer server : servers) {
                for (String ns : List.of("warmup", "sequential", "concurrent")) {
                    server.createNamespace(ns);
                }
            }
            int pods = scale.count(PODS);
            int warmup = scale.count(WARMUP_PODS);
            for (PodServer server : servers) {
                System.out.printf("pods: %s: warming up with %d pods%n", server.runtime(), warmup);
                measure(server, "warmup", warmup, true);
            }
            Path jcmd = ws.java().resolveSibling("jcmd");
            List<PodMemory> before = new ArrayList<>();
            for (PodServer server : servers) {
                before.add(PodMemory.sample(jcmd, server.pid(), server.monitors()));
            }
            List<PodTimes> sequential = new ArrayList<>();
            for (PodServer server : servers) {
                System.out.printf("pods: %s: %d pods one at a time%n", server.runtime(), pods);
                sequential.add(measure(server, "sequential", pods, true));
            }
            List<PodTimes> concurrent = new ArrayList<>();
            List<Duration> concurrentCpu = new ArrayList<>();
            for (PodServer server : servers) {
                System.out.printf("pods: %s: %d pods at once from %d clients%n", server.runtime(), pods, CLIENTS);
                Duration cpu = server.cpu();
                concurrent.add(measure(server, "concurrent", pods, false));
                concurrentCpu.add(server.cpu().minus(cpu));
            }
            List<Results> results = new ArrayList<>();
            for (int i = 0; i < servers.size(); i++) {
                PodServer server = servers.get(i);
                results.add(new Results(server.runtime(), sequential.get(i), concurrent.get(i),
                        concurrentCpu.get(i), before.get(i), PodMemory.sample(jcmd, server.pid(), server.monitors()),
                        2 * pods));
            }
            report(pods, warmup, results);
        } catch (RuntimeException e) {
            servers.forEach(PodServer::printLogTail);
            throw e;
        } finally {
            for (PodServer server : servers.reversed()) {
                server.close();
            }
        }
    }

    private PodTimes measure(PodServer server, String namespace, int pods, boolean oneAtATime)
            throws IOException, InterruptedException {
        PodApi admin = server.admin();
        String rv = Json.parse(admin.list("/api/v1/namespaces/" + namespace + "/pods").body())
                .path("metadata").path("resourceVersion").asString();
        PodTimes times = new PodTimes(ws.clock(), pods);
        Thread watcher = Thread.ofVirtual().start(() -> times.follow(admin, namespace, rv));
        try {
            AtomicInteger next = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (PodApi writer : server.writers(oneAtATime ? 1 : CLIENTS)) {
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
                throw new IllegalStateException("not every pod of " + namespace + " became Ready in time on the "
                        + server.runtime() + " server (" + times.watchEnd() + ")");
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
                "containers":[{"name":"app","image":"%s","command":["sleep","3600"]}]}}"""
                .formatted(PodTimes.name(i), PodServer.NODE, PodServer.IMAGE);
    }

    private static void report(int pods, int warmup, List<Results> results) {
        for (boolean oneAtATime : List.of(true, false)) {
            List<String> header = new ArrayList<>(List.of("from the create request to"));
            for (Results r : results) {
                header.addAll(List.of(r.runtime() + " p50", "p99", "max"));
            }
            if (results.size() > 1) {
                header.addAll(List.of("runc/process p50", "p99"));
            }
            ResultTable table = new ResultTable("Pod start-up, " + (oneAtATime ? "one at a time" : pods
                    + " at once from " + CLIENTS + " clients") + ": create request to the watch showing the pod ("
                    + pods + " pods per runtime, embedded store, image present)", header.toArray(String[]::new));
            row(table, "ADDED (API floor)", results, oneAtATime, PodTimes::added);
            row(table, "phase Running", results, oneAtATime, PodTimes::running);
            row(table, "condition Ready", results, oneAtATime, PodTimes::ready);
            table.print(System.out);
        }
        List<String> header = new ArrayList<>(List.of("per running pod"));
        results.forEach(r -> header.add(r.runtime()));
        ResultTable memory = new ResultTable("Memory per running pod (growth from " + warmup + " to "
                + (warmup + 2 * pods) + " running pods), containers started per second and their CPU",
                header.toArray(String[]::new));
        memory.row(cells("server JVM (API server + kubelet), RSS", results,
                r -> Format.mebibytes(perPod(r.after().serverRss() - r.before().serverRss(), r.podsAdded()))));
        memory.row(cells("server JVM, Java heap in use after a full GC", results,
                r -> Format.mebibytes(perPod(r.after().serverHeapAfterGc() - r.before().serverHeapAfterGc(),
                        r.podsAdded()))));
        memory.row(cells("container monitor (conmon), RSS", results, r -> r.after().monitors() == 0 ? "none"
                : Format.mebibytes(r.after().monitorsRss() / r.after().monitors())));
        memory.row(cells("the container's processes, RSS", results, r -> r.after().containerProcesses() == 0 ? "-"
                : Format.mebibytes(r.after().containersRss() / (warmup + r.podsAdded()))));
        memory.row(cells("containers started per second, " + pods + " at once (first create to last Ready)",
                results, r -> Format.rate(pods / (r.concurrent().span().toNanos() / 1e9))));
        memory.row(cells("CPU per pod started, " + pods + " at once (server with its reaped children, monitors "
                + "with runc create)", results, r -> Format.millis(r.concurrentCpu().dividedBy(pods))));
        memory.print(System.out);
        for (Results r : results) {
            System.out.printf("- %s: server RSS %s with %d pods running, %s with %d; heap after GC %s, %s; %d monitor "
                    + "processes, %d container processes%n", r.runtime(), Format.mebibytes(r.before().serverRss()),
                    warmup, Format.mebibytes(r.after().serverRss()), warmup + r.podsAdded(),
                    Format.mebibytes(r.before().serverHeapAfterGc()), Format.mebibytes(r.after().serverHeapAfterGc()),
                    r.after().monitors(), r.after().containerProcesses());
            System.out.printf("- %s, all at once: %d creates took %s; the last pod was Ready %s after the first "
                    + "create%n", r.runtime(), pods, Format.millis(r.concurrent().creating()),
                    Format.millis(r.concurrent().span()));
        }
        if (results.size() > 1) {
            Duration p99 = results.get(1).sequential().ready().p99();
            System.out.printf("- goal p99 <= 0.5 s one at a time with runc: %s (%s)%n", Format.millis(p99),
                    p99.compareTo(Duration.ofMillis(500)) <= 0 ? "met" : "missed");
        }
    }

    private static long perPod(long bytes, int pods) {
        return bytes / pods;
    }

    private static String[] cells(String what, List<Results> results, java.util.function.Function<Results, String> f) {
        List<String> cells = new ArrayList<>(List.of(what));
        results.forEach(r -> cells.add(f.apply(r)));
        return cells.toArray(String[]::new);
    }

    private static void row(ResultTable table, String what, List<Results> results, boolean oneAtATime,
            java.util.function.Function<PodTimes, Latencies> measure) {
        List<String> cells = new ArrayList<>(List.of(what));
        List<Latencies> all = new ArrayList<>();
        for (Results r : results) {
            Latencies l = measure.apply(oneAtATime ? r.sequential() : r.concurrent());
            all.add(l);
            cells.addAll(List.of(Format.millis(l.p50()), Format.millis(l.p99()), Format.millis(l.max())));
        }
        if (all.size() > 1) {
            cells.add(Format.ratio(all.get(1).p50(), all.get(0).p50()));
            cells.add(Format.ratio(all.get(1).p99(), all.get(0).p99()));
        }
        table.row(cells.toArray(String[]::new));
    }
}
