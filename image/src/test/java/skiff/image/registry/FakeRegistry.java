package skiff.image.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import skiff.image.Digest;
import skiff.image.registry.TestImageBuilder.Blob;

/**
 * A small registry of our own on 127.0.0.1 (JDK HttpServer) for what docker-registry cannot be made to do: demand a
 * Bearer token from its own token endpoint, redirect blobs to another server, hold blob answers, count requests.
 * It serves {@code /v2/REPO/manifests/REF} and {@code /v2/REPO/blobs/DIGEST} from maps.
 */
final class FakeRegistry implements AutoCloseable {
    enum Auth { NONE, BASIC, BEARER }

    final Map<String, Blob> manifests = new ConcurrentHashMap<>();
    final Map<Digest, Blob> blobs = new ConcurrentHashMap<>();
    final AtomicInteger manifestGets = new AtomicInteger();
    final AtomicInteger blobGets = new AtomicInteger();
    final AtomicInteger tokenGets = new AtomicInteger();
    /** The Authorization header of every request, "" when none, by path. */
    final List<String> seen = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final Auth auth;
    private final String user;
    private final String password;
    private final String token = "tok-" + System.nanoTime();
    volatile String redirectBlobsTo;
    volatile CountDownLatch holdBlobs;
    volatile boolean wrongManifestDigest;
    /** When set, blob bodies stop after half their bytes until this opens. */
    volatile CountDownLatch stallBlobBodies;

    FakeRegistry(Auth auth, String user, String password) throws IOException {
        this.auth = auth;
        this.user = user;
        this.password = password;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void put(String repository, String tag, Blob top, List<Blob> all) {
        manifests.put(repository + ":" + tag, top);
        manifests.put(repository + ":" + top.digest(), top);
        for (Blob b : all) {
            if (b.mediaType().contains("manifest") || b.mediaType().contains("index")) {
                manifests.put(repository + ":" + b.digest(), b);
            } else {
                blobs.put(b.digest(), b);
            }
        }
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            String authorization = x.getRequestHeaders().getFirst("Authorization");
            seen.add(path + " " + (authorization == null ? "" : authorization));
            if (path.equals("/token")) {
                tokenGets.incrementAndGet();
                String expected = "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8));
                if (user != null && !expected.equals(authorization)) {
                    send(x, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
                    return;
                }
                String scope = x.getRequestURI().getRawQuery();
                if (scope == null || !scope.contains("scope=repository%3A")) {
                    send(x, 400, "text/plain", "no scope");
                    return;
                }
                send(x, 200, "application/json", "{\"access_token\":\"" + token + "\"}");
                return;
            }
            if (!authorized(authorization)) {
                x.getResponseHeaders().add("WWW-Authenticate", auth == Auth.BASIC ? "Basic realm=\"fake\""
                        : "Bearer realm=\"http://" + host() + "/token\",service=\"fake\"");
                send(x, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication "
                        + "required\"}]}");
                return;
            }
            if (path.equals("/v2/")) {
                send(x, 200, "application/json", "{}");
                return;
            }
            int m = path.indexOf("/manifests/");
            int b = path.indexOf("/blobs/");
            if (m > 0) {
                manifestGets.incrementAndGet();
                Blob blob = manifests.get(path.substring(4, m) + ":" + path.substring(m + 11));
                if (blob == null) {
                    send(x, 404, "application/json", "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":"
                            + "\"manifest unknown\"}]}");
                    return;
                }
                x.getResponseHeaders().add("Docker-Content-Digest", wrongManifestDigest
                        ? "sha256:" + "0".repeat(64) : blob.digest().toString());
                send(x, 200, blob.mediaType(), blob.bytes());
            } else if (b > 0) {
                blobGets.incrementAndGet();
                Digest d = Digest.parse(path.substring(b + 7));
                if (redirectBlobsTo != null) {
                    x.getResponseHeaders().add("Location", "http://" + redirectBlobsTo + "/blobs/" + d);
                    send(x, 307, "text/plain", "");
                    return;
                }
                serveBlob(x, d);
            } else if (path.startsWith("/blobs/")) {
                serveBlob(x, Digest.parse(path.substring(7)));
            } else {
                send(x, 404, "text/plain", "");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serveBlob(HttpExchange x, Digest d) throws IOException, InterruptedException {
        CountDownLatch hold = holdBlobs;
        if (hold != null && !hold.await(30, TimeUnit.SECONDS)) {
            throw new IOException("blob answers held too long");
        }
        Blob blob = blobs.get(d);
        if (blob == null) {
            send(x, 404, "application/json", "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}");
            return;
        }
        x.getResponseHeaders().add("Docker-Content-Digest", d.toString());
        CountDownLatch stall = stallBlobBodies;
        if (stall == null) {
            send(x, 200, "application/octet-stream", blob.bytes());
            return;
        }
        x.getResponseHeaders().add("Content-Type", "application/octet-stream");
        x.sendResponseHeaders(200, blob.bytes().length);
        OutputStream out = x.getResponseBody();
        out.write(blob.bytes(), 0, blob.bytes().length / 2);
        out.flush();
        stall.await(30, TimeUnit.SECONDS);
    }

    private boolean authorized(String authorization) {
        return switch (auth) {
            case NONE -> true;
            case BASIC -> ("Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8))).equals(authorization);
            case BEARER -> ("Bearer " + token).equals(authorization);
        };
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        send(x, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
