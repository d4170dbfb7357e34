package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
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

/**
 * The kubelet's HTTPS server: published on its Node, pinned by its certificate, closed to strangers (401), and open to
 * a bearer token the API server vouches for as far as RBAC grants the node subresource of the path, as Prometheus
 * scrapes a kubelet.
 */
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
    void aServiceAccountTokenReadsTheKubeletsMetricsAndStatsAsFarAsItsRolesAllow(KubernetesClient client)
            throws Exception {
        String namespace = "kubelet-scrape";
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                .build()).create();
        client.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("kubelet-scraper")
                .endMetadata().addNewRule().withApiGroups("").withResources("nodes/metrics").withVerbs("get")
                .endRule().build()).create();
        for (String name : new String[] {"prometheus", "stranger"}) {
            client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
                    .withName(name).endMetadata().build()).create();
        }
        client.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
                .withName("kubelet-scraper").endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole").withName("kubelet-scraper").endRoleRef().addNewSubject()
                .withKind("ServiceAccount").withName("prometheus").withNamespace(namespace).endSubject().build())
                .create();
        String prometheus = token(client, namespace, "prometheus");
        String stranger = token(client, namespace, "stranger");
        int port = client.nodes().withName(skiff.nodeName()).get().getStatus().getDaemonEndpoints()
                .getKubeletEndpoint().getPort();
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new RecordingTrust()}, new SecureRandom());

        try (HttpClient http = HttpClient.newBuilder().sslContext(tls).build()) {
            HttpResponse<String> metrics = get(http, port, "/metrics", prometheus);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("# TYPE ");
            HttpResponse<String> resource = get(http, port, "/metrics/resource", prometheus);
            assertThat(resource.statusCode()).isEqualTo(200);
            assertThat(resource.body()).contains("node_cpu_usage_seconds_total");
            // nodes/metrics is not nodes/stats, nor nodes/proxy.
            assertThat(get(http, port, "/stats/summary", prometheus).body()).isEqualTo("Forbidden (user="
                    + "system:serviceaccount:kubelet-scrape:prometheus, verb=get, resource=nodes, "
                    + "subresource(s)=[stats])\n");
            assertThat(get(http, port, "/containerLogs/default/any/c", prometheus).statusCode()).isEqualTo(403);

            HttpResponse<String> refused = get(http, port, "/metrics", stranger);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).isEqualTo("Forbidden (user=system:serviceaccount:kubelet-scrape:stranger, "
                    + "verb=get, resource=nodes, subresource(s)=[metrics])\n");
            assertThat(get(http, port, "/metrics", prometheus + "x").statusCode()).isEqualTo(401);
        }
    }

    private static String token(KubernetesClient client, String namespace, String account) {
        return client.serviceAccounts().inNamespace(namespace).withName(account).tokenRequest(
                new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build())
                .getStatus().getToken();
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
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
