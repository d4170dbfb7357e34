package skiff.store.etcd;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A throw-away single-member etcd on 127.0.0.1: a temporary data directory, free client and peer ports. It accepts
 * values up to 8 MiB (etcd's default is 1.5 MiB; the store's contract writes one of 3 MiB).
 */
public final class EtcdServer implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/etcd");

    private final Process process;
    private final Path dataDir;
    private final URI endpoint;

    private EtcdServer(Process process, Path dataDir, URI endpoint) {
        this.process = process;
        this.dataDir = dataDir;
        this.endpoint = endpoint;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts etcd and returns once its /health says it is. */
    public static EtcdServer start() {
        try {
            Path dir = Files.createTempDirectory("skiff-etcd-");
            return start(dir.resolve("data"), freePort(), freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts etcd on {@code dataDir} (kept from an earlier start, or new) with these ports. */
    public static EtcdServer start(Path dataDir, int clientPort, int peerPort) throws IOException {
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        Process process = new ProcessBuilder(BINARY.toString(), "--name", "skiff-test",
                "--data-dir", dataDir.toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "skiff-test=" + peer, "--max-request-bytes", Integer.toString(8 << 20))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling("etcd.log").toFile()))
                .start();
        EtcdServer server = new EtcdServer(process, dataDir, URI.create(client));
        try {
            server.awaitHealthy();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(endpoint.resolve("/health")).timeout(Duration.ofSeconds(2)).build();
        await("etcd healthy at " + endpoint).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("etcd exited; see " + dataDir.resolveSibling("etcd.log"));
                    }
                    return http.send(health, HttpResponse.BodyHandlers.ofString()).body().contains("\"true\"");
                });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public int clientPort() {
        return endpoint.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    public EtcdOptions options() {
        return EtcdOptions.of(List.of(endpoint));
    }

    /** Stops etcd and keeps its data directory (to start it again). */
    public void stop() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops etcd and deletes its data. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dataDir.getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
