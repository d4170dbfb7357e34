package skiff.bench.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import skiff.bench.process.SkiffProcess;
import skiff.bench.process.TlsContexts;

/**
 * One API client: its own {@link HttpClient}, so its own TLS connection, speaking HTTP/2 (negotiated by ALPN) with
 * the admin bearer token, trusting only the cluster CA.
 */
public final class PodApi implements AutoCloseable {
    private final HttpClient client;
    private final URI base;
    private final String authorization;

    public PodApi(URI base, String token, SSLContext tls) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        this.base = base;
        this.authorization = "Bearer " + token;
    }

    public static PodApi of(SkiffProcess server) {
        return new PodApi(server.uri(), server.token(), TlsContexts.trusting(server.caCertificate()));
    }

    /** Opens the connection (TLS, HTTP/2) ahead of time, so no measured request pays for it. */
    public void connect() throws IOException, InterruptedException {
        client.send(request("/version").GET().build(), HttpResponse.BodyHandlers.discarding());
    }

    /** Creates a pod and returns the response (201 when created; the body tells why not). */
    public HttpResponse<String> createPod(String namespace, String name) throws IOException, InterruptedException {
        return post("/api/v1/namespaces/" + namespace + "/pods", PodManifest.json(name));
    }

    public void createNamespace(String name) throws IOException, InterruptedException {
        int status = post("/api/v1/namespaces", PodManifest.namespace(name)).statusCode();
        if (status != 201 && status != 409) {
            throw new IllegalStateException("creating namespace " + name + " answered " + status);
        }
    }

    /** A list response's body, all of it. */
    public HttpResponse<byte[]> list(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Opens a watch; returns with the response headers; the lines then arrive as the server sends them. */
    public HttpResponse<Stream<String>> watch(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofLines());
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return client.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    @Override
    public void close() {
        client.shutdownNow(); // close() would wait for open watches to end

    }
}
