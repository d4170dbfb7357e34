package skiff.bench.pods;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import skiff.api.json.Json;
import skiff.bench.Workspace;
import skiff.bench.api.PodApi;
import skiff.bench.process.ProcessCpu;
import skiff.bench.process.ReadinessProbe;
import skiff.bench.process.SkiffProcess;
import skiff.image.OciImageStore;
import skiff.image.testing.TestImages;
import tools.jackson.databind.JsonNode;

/**
 * One {@code skiff server} (embedded store) whose kubelet runs the benchmark's pods under one runtime, with the
 * clients that drive it. A runc server gets names of its own ({@link RuncHost}) and the busybox image in its store
 * before it starts; closing it deletes its pods first (runc containers outlive the server), then removes what is left.
 */
final class PodServer implements AutoCloseable {
    static final String NODE = "bench-node";
    /** A tag other than latest, so the image in the store is used (pull policy IfNotPresent). */
    static final String IMAGE = "docker.io/library/busybox:bench";
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    private final String runtime;
    private final Workspace ws;
    private final Path dataDir;
    private final RuncHost host;
    private final List<PodApi> clients = new ArrayList<>();
    private SkiffProcess process;

    private PodServer(String runtime, Workspace ws, Path dataDir, RuncHost host) {
        this.runtime = runtime;
        this.ws = ws;
        this.dataDir = dataDir;
        this.host = host;
    }

    /** @param host null for the process runtime */
    static PodServer start(Workspace ws, List<String> jvmOptions, RuncHost host, int clients)
            throws IOException, InterruptedException {
        String runtime = host == null ? "process" : "runc";
        Path dataDir = ws.newDirectory("pods-" + runtime).resolve("data");
        PodServer server = new PodServer(runtime, ws, dataDir, host);
        try {
            List<String> options = new ArrayList<>(List.of("--node-name", NODE, "--kubelet-port", "0"));
            if (host == null) {
                options.addAll(List.of("--runtime", "process"));
            } else {
                TestImages.busybox().build().putInto(
                        OciImageStore.open(Files.createDirectories(OciImageStore.inDataDir(dataDir))), IMAGE);
                options.addAll(host.serverOptions());
            }
            server.process = SkiffProcess.start(ws, new ReadinessProbe(ws.clock()), dataDir, "embedded", jvmOptions,
                    options);
            for (int i = 0; i < clients + 1; i++) {
                server.clients.add(PodApi.of(server.process));
                server.clients.getLast().connect();
            }
            server.awaitNode();
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.printLogTail();
            server.close();
            throw e;
        }
    }

    String runtime() {
        return runtime;
    }

    long pid() {
        return process.pid();
    }

    PodApi admin() {
        return clients.getFirst();
    }

    List<PodApi> writers(int n) {
        return clients.subList(1, n + 1);
    }

    /** The conmon monitors of this server's containers; none under the process runtime. */
    List<Long> monitors() {
        return host == null ? List.of() : host.monitors();
    }

    /**
     * CPU time used so far by the server (with the children it reaped: CNI plugins, runc start, spawned processes)
     * and by the containers' monitors (with theirs: runc create).
     */
    Duration cpu() {
        Duration used = ProcessCpu.usedWithChildren(pid());
        for (long monitor : monitors()) {
            try {
                used = used.plus(ProcessCpu.usedWithChildren(monitor));
            } catch (RuntimeException e) {
                // The monitor ended meanwhile.
            }
        }
        return used;
    }

    private void awaitNode() throws IOException, InterruptedException {
        long deadline = ws.clock().nanoTime() + DEADLINE.toNanos();
        while (ws.clock().nanoTime() < deadline) {
            var node = admin().list("/api/v1/nodes/" + NODE);
            // A runc node's pods need the node's pod CIDR from the node IPAM controller.
            if (node.statusCode() == 200 && (host == null
                    || !Json.parse(node.body()).path("spec").path("podCIDR").asString("").isEmpty())) {
                return;
            }
            ws.clock().sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("node " + NODE + " never registered (" + runtime + ")");
    }

    /**
     * Creates the namespace and waits for its default ServiceAccount, without which the API refuses pods (the
     * ServiceAccount admission plugin); on a loaded machine the controller that makes it can lag the namespace.
     */
    void createNamespace(String namespace) throws IOException, InterruptedException {
        admin().createNamespace(namespace);
        long deadline = ws.clock().nanoTime() + DEADLINE.toNanos();
        while (admin().list("/api/v1/namespaces/" + namespace + "/serviceaccounts/default").statusCode() != 200) {
            if (ws.clock().nanoTime() > deadline) {
                throw new IllegalStateException("namespace " + namespace + " never got its default ServiceAccount");
            }
            ws.clock().sleep(Duration.ofMillis(100));
        }
    }

    /** The server's last log lines, before the workspace and its log are deleted. */
    void printLogTail() {
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        try {
            List<String> lines = Files.readAllLines(log);
            System.err.println("pods: the " + runtime + " server's last log lines (" + log + "):");
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
        } catch (IOException e) {
            System.err.println("pods: cannot read " + log + ": " + e);
        }
    }

    /** Deletes every pod (default grace period: the kubelet confirms each once its containers stopped). */
    private void deletePods() throws IOException, InterruptedException {
        List<String> paths = new ArrayList<>();
        for (JsonNode pod : Json.parse(admin().list("/api/v1/pods").body()).path("items")) {
            paths.add("/api/v1/namespaces/" + pod.path("metadata").path("namespace").asString() + "/pods/"
                    + pod.path("metadata").path("name").asString());
        }
        // One request at a time per client, as many clients as the runs used.
        List<PodApi> writers = clients.subList(1, clients.size());
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers.size(); w++) {
            PodApi writer = writers.get(w);
            List<String> share = new ArrayList<>();
            for (int i = w; i < paths.size(); i += writers.size()) {
                share.add(paths.get(i));
            }
            threads.add(Thread.ofVirtual().start(() -> share.forEach(path -> delete(writer, path))));
        }
        for (Thread t : threads) {
            t.join();
        }
        long deadline = ws.clock().nanoTime() + DEADLINE.toNanos();
        while (ws.clock().nanoTime() < deadline) {
            boolean podsGone = Json.parse(admin().list("/api/v1/pods").body()).path("items").isEmpty();
            if (podsGone && host.namespaces().isEmpty()) {
                return;
            }
            ws.clock().sleep(Duration.ofMillis(200));
        }
        System.err.println("pods: the runc server's pods were not all gone within " + DEADLINE.toMinutes()
                + " minutes; removing what is left");
    }

    private static void delete(PodApi writer, String path) {
        try {
            int status;
            try {
                status = writer.delete(path).statusCode();
            } catch (IOException e) {
                // The server closes connections idle for 90 s, as kube-apiserver does; the retry opens a new one.
                status = writer.delete(path).statusCode();
            }
            if (status != 200 && status != 202 && status != 404) {
                System.err.println("pods: deleting " + path + " answered " + status);
            }
        } catch (IOException e) {
            System.err.println("pods: deleting " + path + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        try {
            if (host != null && process != null && !clients.isEmpty()) {
                deletePods();
            }
        } finally {
            clients.forEach(PodApi::close);
            if (process != null) {
                process.close();
            }
            if (host != null) {
                host.removeLeftovers();
            }
        }
    }
}
