package skiff.bench.process;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import skiff.bench.Workspace;

/**
 * A single-member etcd on 127.0.0.1 with its own data directory and default durability settings (every write is
 * fsynced to the WAL before it is acknowledged). {@link #start} returns once GET /health answers
 * {@code "health":"true"}, and keeps how long that took from just before the process was spawned.
 */
public final class EtcdProcess implements StartedServer {
    private final Process process;
    private final int clientPort;
    private final Duration toHealthy;
    private final Duration cpuToHealthy;

    private EtcdProcess(Process process, int clientPort, Duration toHealthy, Duration cpuToHealthy) {
        this.cpuToHealthy = cpuToHealthy;
        this.process = process;
        this.clientPort = clientPort;
        this.toHealthy = toHealthy;
    }

    public static EtcdProcess start(Workspace ws, ReadinessProbe probe, Path dataDir) throws InterruptedException {
        int clientPort = FreePort.pick();
        int peerPort = FreePort.pick();
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        List<String> command = List.of(ws.etcd().toString(),
                "--name", "bench",
                "--data-dir", dataDir.toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "bench=" + peer);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long spawnedAt = ws.clock().nanoTime();
        Process process = ChildProcesses.spawn(builder);
        try {
            long healthyAt = probe.awaitBody(URI.create(client + "/health"), "\"health\":\"true\"", process,
                    Duration.ofSeconds(60));
            return new EtcdProcess(process, clientPort, Duration.ofNanos(healthyAt - spawnedAt),
                    ProcessCpu.used(process.pid()));
        } catch (RuntimeException | InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    @Override
    public Duration timeToReady() {
        return toHealthy;
    }

    @Override
    public Duration cpuToReady() {
        return cpuToHealthy;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
    }
}
