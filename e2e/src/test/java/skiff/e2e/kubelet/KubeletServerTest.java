package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/** The kubelet's HTTPS server: published on its Node, pinned by its certificate, closed to anyone but the API server. */
class KubeletServerTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().build();

    /** Accepts any server certificate and remembers it, to compare with the pin. */
    private static final class RecordingTrust implements X509TrustManager {
        volatile X509Certificate seen;

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            seen = chain[0];
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    @Test
    void theNodePublishesThePortAndThePinnedCertificateAndStrangersAreUnauthorized(KubernetesClient client)
            throws Exception {
        Node node = client.nodes().withName(skiff.nodeName()).get();
        int port = node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
        String pin = node.getMetadata().getAnnotations().get("skiff.dev/kubelet-serving-cert-sha256");
        assertThat(port).isPositive();

        RecordingTrust trust = new RecordingTrust();
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {trust}, new SecureRandom());
        try (HttpClient http = HttpClient.newBuilder().sslContext(tls).build()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + port + "/containerLogs/default/any/c")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(401);
        }
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(trust.seen.getEncoded())))
                .isEqualTo(pin);
    }
}
