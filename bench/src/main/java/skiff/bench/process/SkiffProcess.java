package skiff.bench.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import skiff.bench.Workspace;

/**
 * {@code skiff server} as a real process: {@code java [jvmOptions] -jar cli/target/skiff.jar server --data-dir DIR
 * --port N --store KIND}. {@link #start} returns once GET /readyz answers ok, and keeps how long that took from
 * just before the process was spawned, and when the server printed its ready line.
 */
public final class SkiffProcess implements StartedServer {
    private static final String READY_LINE = "Skiff API server is ready at ";

    private final Process process;
    private final Path dataDir;
    private final int port;
    private final Duration toReadyz;
    private final Duration cpuToReadyz;
    private final long spawnedAt;
    private long readyLineAt;

    private SkiffProcess(Process process, Path dataDir, int port, long spawnedAt, Duration toReadyz,
            Duration cpuToReadyz) {
        this.process = process;
        this.cpuToReadyz = cpuToReadyz;
        this.dataDir = dataDir;
        this.port = port;
        this.spawnedAt = spawnedAt;
        this.toReadyz = toReadyz;
    }

    public static SkiffProcess start(Workspace ws, ReadinessProbe probe, Path dataDir, String store,
            List<String> jvmOptions) throws InterruptedException {
        return start(ws, probe, dataDir, store, jvmOptions, List.of());
    }

    /** @param serverOptions further {@code skiff server} options, e.g. the kubelet's {@code --node-name} */
    public static SkiffProcess start(Workspace ws, ReadinessProbe probe, Path dataDir, String store,
            List<String> jvmOptions, List<String> serverOptions) throws InterruptedException {
        int port = FreePort.pick();
        List<String> command = new ArrayList<>();
        command.add(ws.java().toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", ws.skiffJar().toString(), "server", "--data-dir", dataDir.toString(),
                "--port", Integer.toString(port), "--store", store, "--proxy-mode", "none",
                "--dns-port", "0"));
        if (!serverOptions.contains("--runtime")) {
            command.addAll(List.of("--runtime", "process"));
        }
        command.addAll(serverOptions);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long spawnedAt = ws.clock().nanoTime();
        Process process = ChildProcesses.spawn(builder);
        AtomicLong lineAt = new AtomicLong();
        CountDownLatch lineSeen = new CountDownLatch(1);
        Thread.ofPlatform().daemon().name("skiff-stdout").start(() -> readStdout(process, ws, lineAt, lineSeen));
        long readyAt;
        try {
            // Generous: on a shared machine at load 25-30 a start has taken over 3 minutes.
            readyAt = probe.awaitBody(URI.create("https://127.0.0.1:" + port + "/readyz"), "ok", process,
                    Duration.ofMinutes(5));
        } catch (RuntimeException | InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
        SkiffProcess server = new SkiffProcess(process, dataDir, port, spawnedAt, Duration.ofNanos(readyAt - spawnedAt),
                ProcessCpu.used(process.pid()));
        lineSeen.await(5, TimeUnit.SECONDS);
        server.readyLineAt = lineAt.get();
        return server;
    }

    // The ready line comes just after /readyz turns ok; the rest of stdout is drained so the server never blocks.
    private static void readStdout(Process process, Workspace ws, AtomicLong lineAt, CountDownLatch lineSeen) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(READY_LINE)) {
                    lineAt.set(ws.clock().nanoTime());
                    lineSeen.countDown();
                }
            }
        } catch (IOException e) {
            // The process ended.
        }
    }

    @Override
    public Duration timeToReady() {
        return toReadyz;
    }

    @Override
    public Duration cpuToReady() {
        return cpuToReadyz;
    }

    /** From spawn to the "ready at" line on stdout, or null if it did not appear in time. */
    public Duration timeToReadyLine() {
        return readyLineAt == 0 ? null : Duration.ofNanos(readyLineAt - spawnedAt);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    public URI uri() {
        return URI.create("https://127.0.0.1:" + port);
    }

    public Path dataDir() {
        return dataDir;
    }

    public String token() {
        try {
            return Files.readString(dataDir.resolve("token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path caCertificate() {
        return dataDir.resolve("tls/ca.crt");
    }

    /** SIGKILL, as a crashed machine would stop it: nothing is handed over, its Leases run out. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, as Ctrl-C would; the server finishes in-flight writes and closes the store. */
    @Override
    public void close() {
        ChildProcesses.stop(process);
    }
}
