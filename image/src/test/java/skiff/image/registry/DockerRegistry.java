package skiff.image.registry;

import java.io.IOException;
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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import skiff.image.Digest;

/**
 * A real registry for tests: Debian's {@code docker-registry} (distribution 2.8) on 127.0.0.1 and a free port, with
 * its storage in a temporary directory, optionally behind htpasswd Basic auth; started before the class's tests and
 * stopped after them. Images reach it with {@code skopeo copy}.
 */
public final class DockerRegistry implements BeforeAllCallback, AfterAllCallback {
    private final String user;
    private final String password;
    private final boolean tls;
    private TestCertificates certificates;
    private Path dir;
    private Process process;
    private int port;

    /** An open registry. */
    public DockerRegistry() {
        this(null, null);
    }

    /** A registry that demands Basic auth of {@code user}/{@code password} (htpasswd, bcrypt). */
    public DockerRegistry(String user, String password) {
        this(user, password, false);
    }

    private DockerRegistry(String user, String password, boolean tls) {
        this.user = user;
        this.password = password;
        this.tls = tls;
    }

    /** An open registry that serves HTTPS only, with a certificate for 127.0.0.1 from a CA of its own. */
    public static DockerRegistry withTls() {
        return new DockerRegistry(null, null, true);
    }

    /** The PEM file of the CA that signed a TLS registry's certificate. */
    public Path caFile() {
        return certificates.caFile();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    public void start() throws IOException {
        dir = Files.createTempDirectory("skiff-registry-");
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StringBuilder config = new StringBuilder("version: 0.1\nlog: {level: error, accesslog: {disabled: true}}\n"
                + "storage: {filesystem: {rootdirectory: " + dir.resolve("data") + "}}\n"
                + "http: {addr: 127.0.0.1:" + port);
        if (tls) {
            certificates = TestCertificates.create(dir);
            config.append(", tls: {certificate: ").append(certificates.certFile()).append(", key: ")
                    .append(certificates.keyFile()).append("}");
        }
        config.append("}\n");
        if (user != null) {
            String hash = OpenBSDBCrypt.generate("2a", password.toCharArray(), new byte[16], 5);
            Files.writeString(dir.resolve("htpasswd"), user + ":" + hash + "\n");
            config.append("auth: {htpasswd: {realm: skiff-test, path: ").append(dir.resolve("htpasswd"))
                    .append("}}\n");
        }
        Files.writeString(dir.resolve("config.yml"), config);
        process = new ProcessBuilder("/usr/bin/docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            Awaitility.await("docker-registry on port " + port).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("docker-registry exited: "
                                    + Files.readString(dir.resolve("registry.log")));
                        }
                        if (tls) {
                            try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(),
                                    port)) {
                                return s.isConnected();
                            }
                        }
                        int status = http.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/"))
                                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                        return status == 200 || status == 401;
                    });
        }
    }

    public void stop() throws IOException, InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /**
     * Pushes the OCI layout in {@code layout} (tag {@code tag}) as {@code repository:destTag}; {@code all} copies every
     * image of an index.
     */
    public void push(Path layout, String tag, String destination, boolean all) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--quiet",
                "--dest-tls-verify=false"));
        if (all) {
            command.add("--all");
        }
        if (user != null) {
            command.add("--dest-creds=" + user + ":" + password);
        }
        command.add("oci:" + layout + ":" + tag);
        command.add("docker://" + host() + "/" + destination);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("skopeo copy failed: " + out);
        }
    }

    /** The file where the registry keeps a blob (distribution's filesystem driver layout). */
    public Path blobData(Digest digest) {
        return dir.resolve("data/docker/registry/v2/blobs").resolve(digest.algorithm())
                .resolve(digest.hex().substring(0, 2)).resolve(digest.hex()).resolve("data");
    }
}
