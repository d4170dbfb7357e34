package skiff.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.time.Clock;
import skiff.apiserver.ApiServer;
import skiff.apiserver.security.ClusterCredentials;
import skiff.apiserver.security.IssuedCertificate;
import skiff.store.memory.MemoryKeyValueStore;

/**
 * Connections that keep the API server waiting are closed (a request head that does not come, an idle connection,
 * a body that does not come), while a quiet watch is not; a malformed chunked body is a 400; an over-long path is a
 * 414 over HTTP/2 as over HTTP/1.1. Raw sockets and an HTTP/2 client against a server on loopback with short limits.
 */
class ConnectionLimitsTest {
    private static final Duration LIMIT = Duration.ofSeconds(1);
    // Only a guard against a test hanging forever: every read below ends long before it unless the server misbehaves.
    private static final int READ_GUARD_MILLIS = 30_000;

    @TempDir
    static Path dir;

    private static ApiServer server;
    private static ClusterCredentials credentials;
    private static SSLContext tls;

    @BeforeAll
    static void startServer() throws Exception {
        credentials = ClusterCredentials.loadOrCreate(dir, Set.of("localhost"), Set.of("127.0.0.1"));
        IssuedCertificate kubeletClient = credentials.issueKubeletClientCertificate();
        server = ApiServer.start(new ApiServer.Config(new MemoryKeyValueStore(), credentials.servingCertificatePem(),
                credentials.servingKeyPem(), credentials.adminToken(), "127.0.0.1", 0, Clock.system(), 1000,
                kubeletClient.certificatePem(), kubeletClient.privateKeyPem(),
                new ConnectionLimits(LIMIT, LIMIT, LIMIT), ApiServer.Config.DEFAULT_EVENT_TTL));
        server.markReady();
        tls = trusting(credentials.caCertificatePem());
        post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"default\"}}");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aConnectionThatNeverCompletesItsRequestHeadIsClosed() throws IOException {
        try (SSLSocket socket = connect()) {
            send(socket, "GET /version HTTP/1.1\r\nHost: localhost\r\n");

            assertThat(readToEnd(socket)).isEmpty();
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterItsLastResponse() throws IOException {
        try (SSLSocket socket = connect()) {
            send(socket, "GET /version HTTP/1.1\r\nHost: localhost\r\n\r\n");

            assertThat(readToEnd(socket)).startsWith("HTTP/1.1 200 OK").contains("\"major\"");
        }
    }

    @Test
    void aBodyThatNeverArrivesResetsTheRequest() throws IOException {
        try (SSLSocket socket = connect()) {
            send(socket, "POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: localhost\r\n" + auth()
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"metadata\":");

            assertThat(readToEnd(socket)).doesNotContain("201 Created");
        }
    }

    @Test
    void aQuietWatchOutlivesTheIdleLimit() throws IOException {
        try (SSLSocket watch = connect()) {
            send(watch, "GET /api/v1/namespaces/default/configmaps?watch=true HTTP/1.1\r\nHost: localhost\r\n" + auth()
                    + "\r\n");
            assertThat(readHead(watch.getInputStream())).startsWith("HTTP/1.1 200 OK");
            // A connection opened after the watch and left idle is closed: by then the watch's quiet time has
            // exceeded the limit too.
            try (SSLSocket idle = connect()) {
                assertThat(readToEnd(idle)).isEmpty();
            }

            post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"after-the-quiet\"}}");

            assertThat(readUntil(watch.getInputStream(), "after-the-quiet")).contains("\"type\":\"ADDED\"");
        }
    }

    @Test
    void aMalformedChunkedBodyIsABadRequest() throws IOException {
        try (SSLSocket socket = connect()) {
            send(socket, "POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: localhost\r\n" + auth()
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");

            assertThat(readToEnd(socket)).startsWith("HTTP/1.1 400 Bad Request").contains("\"code\":400");
        }
    }

    @Test
    void anOverLongPathIsUriTooLongOverHttp1() throws IOException {
        try (SSLSocket socket = connect()) {
            send(socket, "GET /api/v1/namespaces/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");

            assertThat(readToEnd(socket)).contains(" 414 ");
        }
    }

    @Test
    void anOverLongPathIsUriTooLongOverHttp2() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(tls).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.port() + "/api/v1/namespaces/" + "a".repeat(5000)))
                    .header("Authorization", "Bearer " + credentials.adminToken()).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.statusCode()).isEqualTo(414);
        }
    }

    private static String auth() {
        return "Authorization: Bearer " + credentials.adminToken() + "\r\n";
    }

    private static void post(String path, String json) throws IOException {
        try (SSLSocket socket = connect()) {
            send(socket, "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + auth()
                    + "Content-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json);
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 201");
        }
    }

    private static SSLSocket connect() throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", server.port());
        socket.setSoTimeout(READ_GUARD_MILLIS);
        socket.startHandshake();
        return socket;
    }

    private static void send(SSLSocket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Everything the server sends until it closes the connection. */
    private static String readToEnd(SSLSocket socket) throws IOException {
        try {
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (javax.net.ssl.SSLException e) {
            // The server closed the connection without a TLS close_notify: it sent nothing more.
            return "";
        }
    }

    private static String readHead(InputStream in) throws IOException {
        return readUntil(in, "\r\n\r\n");
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder read = new StringBuilder();
        while (read.indexOf(marker) < 0) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            read.append((char) b);
        }
        return read.toString();
    }

    private static SSLContext trusting(String caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
