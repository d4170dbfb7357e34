package skiff.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
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
 * A SPDY/3.1 upgrade sent as a POST (client-go's, kubectl 1.27-1.29) is presented to Vert.x as a GET that remembers
 * its method, and nothing else is; through the real server, the handler is in place on HTTP/1.1 connections after
 * TLS and ALPN, and a client cannot forge the remembered method. The hand-over itself is exercised end to end by
 * e2e {@code KubectlVersionsExecTest} with kubectl 1.27.
 */
class SpdyUpgradeMethodTest {
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
                kubeletClient.certificatePem(), kubeletClient.privateKeyPem()));
        server.markReady();
        tls = trusting(credentials.caCertificatePem());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPostSpdyUpgradeReachesVertxAsAGetThatRemembersItsMethod() {
        HttpRequest request = decode("POST /api/v1/namespaces/d/pods/p/exec?command=sh HTTP/1.1\r\nHost: x\r\n"
                + "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n"
                + "Content-Length: 0\r\n\r\n");

        assertThat(request.method().name()).isEqualTo("GET");
        assertThat(request.headers().get(SpdyUpgradeMethod.ORIGINAL_METHOD)).isEqualTo("POST");
    }

    @Test
    void otherRequestsPassUnchangedAndAForgedMethodIsRemoved() {
        HttpRequest post = decode("POST /api/v1/namespaces HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        HttpRequest webSocket = decode("GET /api/v1/pods?watch=1 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                + "Upgrade: websocket\r\n\r\n");
        HttpRequest forged = decode("GET /api/v1/pods HTTP/1.1\r\nHost: x\r\n" + SpdyUpgradeMethod.ORIGINAL_METHOD
                + ": DELETE\r\n\r\n");

        assertThat(post.method().name()).isEqualTo("POST");
        assertThat(post.headers().contains(SpdyUpgradeMethod.ORIGINAL_METHOD)).isFalse();
        assertThat(webSocket.method().name()).isEqualTo("GET");
        assertThat(webSocket.headers().contains(SpdyUpgradeMethod.ORIGINAL_METHOD)).isFalse();
        assertThat(forged.headers().contains(SpdyUpgradeMethod.ORIGINAL_METHOD)).isFalse();
    }

    @Test
    void theRealServerStripsAForgedMethodOnHttp11AfterAlpn() throws IOException {
        String namespace = "{\"metadata\":{\"name\":\"kept\"}}";
        try (SSLSocket socket = connect()) {
            send(socket, "POST /api/v1/namespaces HTTP/1.1\r\nHost: localhost\r\n" + auth()
                    + "Content-Type: application/json\r\nContent-Length: " + namespace.length() + "\r\n\r\n"
                    + namespace);
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 201");
        }
        try (SSLSocket socket = connect()) {
            send(socket, "GET /api/v1/namespaces/kept HTTP/1.1\r\nHost: localhost\r\n" + auth()
                    + SpdyUpgradeMethod.ORIGINAL_METHOD + ": DELETE\r\n\r\n");

            assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
        }
        try (SSLSocket socket = connect()) {
            send(socket, "GET /api/v1/namespaces/kept HTTP/1.1\r\nHost: localhost\r\n" + auth() + "\r\n");

            String head = readHead(socket.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 200");
            assertThat(readUntil(socket.getInputStream(), "\"phase\"")).doesNotContain("deletionTimestamp");
        }
    }

    @Test
    void aPostSpdyUpgradeThroughTheRealServerIsServedAsThePostItIs() throws IOException {
        // A POST to a collection that cannot upgrade is still a create: the server sees the method it came with.
        String configMap = "{\"metadata\":{\"name\":\"upgrade-post\",\"namespace\":\"kept2\"}}";
        String namespace = "{\"metadata\":{\"name\":\"kept2\"}}";
        try (SSLSocket socket = connect()) {
            send(socket, "POST /api/v1/namespaces HTTP/1.1\r\nHost: localhost\r\n" + auth()
                    + "Content-Type: application/json\r\nContent-Length: " + namespace.length() + "\r\n\r\n"
                    + namespace);
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 201");
        }
        try (SSLSocket socket = connect()) {
            send(socket, "POST /api/v1/namespaces/kept2/configmaps HTTP/1.1\r\nHost: localhost\r\n" + auth()
                    + "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + configMap.length() + "\r\n\r\n" + configMap);

            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 201");
        }
    }

    private static HttpRequest decode(String head) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestDecoder(), SpdyUpgradeMethod.INSTANCE);
        channel.writeInbound(Unpooled.copiedBuffer(head, StandardCharsets.US_ASCII));
        HttpRequest request = channel.readInbound();
        Object rest;
        while ((rest = channel.readInbound()) != null) {
            ReferenceCountUtil.release(rest);
        }
        channel.finishAndReleaseAll();
        return request;
    }

    private static String auth() {
        return "Authorization: Bearer " + credentials.adminToken() + "\r\n";
    }

    /** A TLS connection offering only HTTP/1.1 by ALPN, as client-go's SPDY dialer does. */
    private static SSLSocket connect() throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", server.port());
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(READ_GUARD_MILLIS);
        socket.startHandshake();
        return socket;
    }

    private static void send(SSLSocket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
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
