package skiff.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving certificate in use: a Vert.x HTTPS server presents it and java.net.http verifies it against the CA. */
class ServingTlsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    private Vertx vertx;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void closeVertx() throws Exception {
        await(vertx.close());
    }

    @Test
    void aClientTrustingOnlyTheCaReachesTheServerByIpAddressAndByName() throws Exception {
        ClusterCredentials credentials = credentialsFor(Set.of("localhost"), Set.of("127.0.0.1"));
        int port = serve(credentials);
        HttpClient client = clientTrusting(credentials.caCertificatePem());

        HttpResponse<String> byIp = get(client, "https://127.0.0.1:" + port + "/");
        HttpResponse<String> byName = get(client, "https://localhost:" + port + "/");

        assertThat(byIp.statusCode()).isEqualTo(200);
        assertThat(byIp.body()).isEqualTo("served over HTTP_2");
        assertThat(byIp.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(byName.statusCode()).isEqualTo(200);
        assertThat(byName.body()).isEqualTo("served over HTTP_2");
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRefused() throws Exception {
        ClusterCredentials credentials = credentialsFor(Set.of("localhost"), Set.of("127.0.0.1"));
        int port = serve(credentials);
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

        assertThatThrownBy(() -> get(client, "https://127.0.0.1:" + port + "/"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aClientTrustingAnotherCaIsRefused() throws Exception {
        ClusterCredentials credentials = credentialsFor(Set.of("localhost"), Set.of("127.0.0.1"));
        int port = serve(credentials);
        HttpClient client = clientTrusting(CertificateAuthority.generate().certificatePem());

        assertThatThrownBy(() -> get(client, "https://127.0.0.1:" + port + "/"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void anAddressTheCertificateDoesNotListFailsHostnameVerification() throws Exception {
        ClusterCredentials credentials = credentialsFor(Set.of("localhost"), Set.of("10.255.255.1"));
        int port = serve(credentials);
        HttpClient client = clientTrusting(credentials.caCertificatePem());

        assertThat(get(client, "https://localhost:" + port + "/").statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> get(client, "https://127.0.0.1:" + port + "/"))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("127.0.0.1");
    }

    private ClusterCredentials credentialsFor(Set<String> dnsNames, Set<String> ipAddresses) {
        return ClusterCredentials.loadOrCreate(dataDir, dnsNames, ipAddresses);
    }

    private int serve(ClusterCredentials credentials) throws Exception {
        HttpServerOptions options = new HttpServerOptions()
                .setSsl(true)
                .setUseAlpn(true)
                .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                .setKeyCertOptions(new PemKeyCertOptions()
                        .addCertValue(Buffer.buffer(credentials.servingCertificatePem()))
                        .addKeyValue(Buffer.buffer(credentials.servingKeyPem())));
        HttpServer server = await(vertx.createHttpServer(options)
                .requestHandler(request -> request.response().end("served over " + request.version()))
                .listen(0, "127.0.0.1"));
        return server.actualPort();
    }

    private static HttpClient clientTrusting(String caPem) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("skiff-ca", PemCodec.decodeCertificate(caPem));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(TIMEOUT).build();
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
}
