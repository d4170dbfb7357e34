package skiff.bench.pull;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import skiff.api.time.Clock;
import skiff.bench.Format;
import skiff.bench.ResultTable;
import skiff.bench.Scale;
import skiff.bench.Workspace;
import skiff.image.ImageReference;
import skiff.image.OciImageStore;
import skiff.image.registry.DockerConfigKeyring;
import skiff.image.registry.PullResult;
import skiff.image.registry.RegistryClient;
import skiff.image.registry.RegistryConfig;

/**
 * Pulling a multi-layer image from a registry on loopback: Skiff's {@link RegistryClient} (in this JVM, into a fresh
 * {@link OciImageStore} each round, every blob's digest verified) and {@code skiff image pull} (a process per pull,
 * as {@code bin/skiff} runs it) against {@code skopeo copy docker://... dir:DIR} (a fresh directory each round) of
 * the same image, in the same run, the three taking turns round by round. The image
 * is built with umoci: {@code /bin/busybox} plus three layers of 20 MiB of random bytes (incompressible, so the
 * layers are about as large as their content), pushed once with skopeo to Debian's docker-registry (distribution 2.8)
 * on 127.0.0.1.
 */
public final class PullBenchmark {
    private static final int LAYERS = 3;
    private static final int LAYER_BYTES = 20 << 20;
    private static final int ROUNDS = 7;

    private final Workspace ws;
    private final Scale scale;
    private final Clock clock;

    public PullBenchmark(Workspace ws, Scale scale) {
        this.ws = ws;
        this.scale = scale;
        this.clock = ws.clock();
    }

    public void run() throws Exception {
        for (String tool : List.of("/usr/bin/docker-registry", "/usr/bin/skopeo", "/usr/bin/umoci")) {
            if (!Files.isExecutable(Path.of(tool))) {
                System.out.println("pull: " + tool + " is missing (apt-get install docker-registry skopeo umoci); "
                        + "skipped");
                return;
            }
        }
        Path dir = ws.newDirectory("pull");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String host = "127.0.0.1:" + port;
        Files.writeString(dir.resolve("registry.yml"), "version: 0.1\n"
                + "log: {level: error, accesslog: {disabled: true}}\n"
                + "storage: {filesystem: {rootdirectory: " + dir.resolve("registry") + "}}\n"
                + "http: {addr: " + host + "}\n");
        Process registry = new ProcessBuilder("/usr/bin/docker-registry", "serve", dir.resolve("registry.yml")
                .toString()).redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        try {
            awaitRegistry(host, registry);
            long imageBytes = buildAndPush(dir, host);
            String ref = host + "/bench/pull:v1";
            int rounds = Math.max(3, scale.count(ROUNDS));
            long[] skiff = new long[rounds];
            long[] cli = new long[rounds];
            long[] skopeo = new long[rounds];
            // One untimed round each: the JVM's classes and the page cache.
            skiffPull(dir, ref);
            cliPull(dir, ref);
            skopeoPull(dir, ref);
            for (int r = 0; r < rounds; r++) {
                skiff[r] = skiffPull(dir, ref);
                cli[r] = cliPull(dir, ref);
                skopeo[r] = skopeoPull(dir, ref);
            }
            Arrays.sort(skiff);
            Arrays.sort(cli);
            Arrays.sort(skopeo);
            ResultTable table = new ResultTable("Pull: " + (LAYERS + 1) + " layers, " + Format.mebibytes(imageBytes)
                    + " from docker-registry on loopback (median of " + rounds + " rounds, min-max)",
                    "client", "median", "min-max", "throughput (median)", "ratio to skopeo");
            long skiffMedian = skiff[rounds / 2];
            long cliMedian = cli[rounds / 2];
            long skopeoMedian = skopeo[rounds / 2];
            table.row("Skiff RegistryClient (in-process, into OciImageStore)", millis(skiffMedian),
                    millis(skiff[0]) + " - " + millis(skiff[rounds - 1]), rate(imageBytes, skiffMedian),
                    Format.ratio(skiffMedian, skopeoMedian));
            table.row("java -jar skiff.jar image pull (a process per pull)", millis(cliMedian),
                    millis(cli[0]) + " - " + millis(cli[rounds - 1]), rate(imageBytes, cliMedian),
                    Format.ratio(cliMedian, skopeoMedian));
            table.row("skopeo copy docker:// dir: (a process per pull)", millis(skopeoMedian),
                    millis(skopeo[0]) + " - " + millis(skopeo[rounds - 1]), rate(imageBytes, skopeoMedian), "1.00x");
            table.print(System.out);
        } finally {
            registry.destroy();
            if (!registry.waitFor(10, TimeUnit.SECONDS)) {
                registry.destroyForcibly().waitFor();
            }
        }
    }

    private static String millis(long nanos) {
        return Format.millis(Duration.ofNanos(nanos));
    }

    private static String rate(long bytes, long nanos) {
        return String.format(java.util.Locale.ROOT, "%.0f MiB/s", bytes / 1024.0 / 1024.0 / (nanos / 1e9));
    }

    private long skiffPull(Path dir, String ref) throws IOException {
        Path storeDir = Files.createTempDirectory(dir, "skiff-store-");
        try {
            OciImageStore store = OciImageStore.open(storeDir);
            long start = clock.nanoTime();
            PullResult result;
            try (RegistryClient client = new RegistryClient(store, RegistryConfig.empty(), store.platform(),
                    RegistryClient.Timeouts.defaults())) {
                result = client.pull(ImageReference.parse(ref), DockerConfigKeyring.empty());
            }
            long took = clock.nanoTime() - start;
            if (result.bytesDownloaded() != result.size()) {
                throw new IllegalStateException("pulled " + result.bytesDownloaded() + " of " + result.size());
            }
            return took;
        } finally {
            Workspace.delete(storeDir);
        }
    }

    private long cliPull(Path dir, String ref) throws IOException, InterruptedException {
        Path data = Files.createTempDirectory(dir, "skiff-cli-");
        try {
            long start = clock.nanoTime();
            run(ws.java().toString(), "-XX:+UseSerialGC", "-jar", ws.skiffJar().toString(), "image", "pull",
                    "--data-dir", data.toString(), ref);
            return clock.nanoTime() - start;
        } finally {
            Workspace.delete(data);
        }
    }

    private long skopeoPull(Path dir, String ref) throws IOException, InterruptedException {
        Path target = dir.resolve("skopeo-" + System.nanoTime());
        try {
            long start = clock.nanoTime();
            run("skopeo", "--insecure-policy", "copy", "--quiet", "--src-tls-verify=false", "docker://" + ref,
                    "dir:" + target);
            return clock.nanoTime() - start;
        } finally {
            Workspace.delete(target);
        }
    }

    /** Builds the image with umoci (busybox, then one layer per random file) and pushes it; its size in bytes. */
    private static long buildAndPush(Path dir, String host) throws IOException, InterruptedException {
        Path layout = dir.resolve("layout");
        run("umoci", "init", "--layout", layout.toString());
        run("umoci", "new", "--image", layout + ":v1");
        run("umoci", "insert", "--image", layout + ":v1", "/bin/busybox", "/bin/busybox");
        Random random = new Random(42);
        byte[] chunk = new byte[1 << 20];
        for (int i = 0; i < LAYERS; i++) {
            Path file = dir.resolve("random-" + i);
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int written = 0; written < LAYER_BYTES; written += chunk.length) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                }
            }
            run("umoci", "insert", "--image", layout + ":v1", file.toString(), "/data/random-" + i);
            Files.delete(file);
        }
        run("skopeo", "--insecure-policy", "copy", "--quiet", "--dest-tls-verify=false", "oci:" + layout + ":v1",
                "docker://" + host + "/bench/pull:v1");
        long size = 0;
        try (var blobs = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path b : blobs.toList()) {
                size += Files.size(b);
            }
        }
        return size;
    }

    private static void awaitRegistry(String host, Process registry) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int i = 0; i < 600; i++) {
                if (!registry.isAlive()) {
                    throw new IOException("docker-registry exited");
                }
                try {
                    int status = http.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // Not listening yet.
                }
                Thread.sleep(50);
            }
        }
        throw new IOException("docker-registry did not answer on " + host);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", new ArrayList<>(List.of(command))) + " failed: " + out);
        }
    }
}
