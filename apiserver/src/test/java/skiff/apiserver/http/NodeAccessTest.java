package skiff.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.apiserver.ApiServer;
import skiff.apiserver.security.ClusterCredentials;
import skiff.apiserver.security.IssuedCertificate;
import skiff.store.memory.MemoryKeyValueStore;
import tools.jackson.databind.JsonNode;

/**
 * A kubelet's access through the real HTTP handler: the admin acts as node a or node b by impersonation
 * ({@code Impersonate-User: system:node:NAME}, {@code Impersonate-Group: system:nodes}); node a runs pod web, which
 * uses secret s1. The Node authorizer lets a read s1 and not b; NodeRestriction refuses b's writes to a's pod, Node
 * and Lease with 403 Status and Kubernetes' messages.
 */
class NodeAccessTest {
    @TempDir
    static Path dir;

    private static ApiServer server;
    private static ClusterCredentials credentials;
    private static HttpClient client;

    private record Reply(int code, JsonNode body) {
        String message() {
            return body.path("message").asString("");
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        credentials = ClusterCredentials.loadOrCreate(dir, Set.of("localhost"), Set.of("127.0.0.1"));
        IssuedCertificate kubeletClient = credentials.issueKubeletClientCertificate();
        server = ApiServer.start(new ApiServer.Config(new MemoryKeyValueStore(), credentials.servingCertificatePem(),
                credentials.servingKeyPem(), credentials.adminToken(), "127.0.0.1", 0, Clock.system(), 1000,
                kubeletClient.certificatePem(), kubeletClient.privateKeyPem()));
        server.markReady();
        client = HttpClient.newBuilder().sslContext(trusting(credentials.caCertificatePem())).build();
        for (String ns : new String[] {"ns", "kube-node-lease"}) {
            admin("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + ns + "\"}}");
        }
        admin("POST", "/api/v1/nodes", "{\"metadata\":{\"name\":\"a\"}}");
        admin("POST", "/api/v1/nodes", "{\"metadata\":{\"name\":\"b\"}}");
        admin("POST", "/api/v1/namespaces/ns/serviceaccounts", "{\"metadata\":{\"name\":\"robot\"}}");
        for (String secret : new String[] {"s1", "s2"}) {
            admin("POST", "/api/v1/namespaces/ns/secrets", "{\"metadata\":{\"name\":\"" + secret + "\"}}");
        }
        Reply pod = admin("POST", "/api/v1/namespaces/ns/pods", """
                {"metadata":{"name":"web"},"spec":{"nodeName":"a","serviceAccountName":"robot","containers":[
                {"name":"c","image":"busybox","env":[{"name":"X","valueFrom":{"secretKeyRef":{"name":"s1","key":"k"}}}]}]}}
                """);
        assertThat(pod.code()).as(pod.message()).isEqualTo(201);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aNodeReadsTheSecretItsPodUsesAndNoOther() throws Exception {
        await().untilAsserted(() -> assertThat(asNode("a", "GET", "/api/v1/namespaces/ns/secrets/s1", null).code())
                .isEqualTo(200));

        Reply other = asNode("b", "GET", "/api/v1/namespaces/ns/secrets/s1", null);
        assertThat(other.code()).isEqualTo(403);
        assertThat(other.body().path("reason").asString()).isEqualTo("Forbidden");
        assertThat(other.message()).isEqualTo("secrets \"s1\" is forbidden: User \"system:node:b\" cannot get resource "
                + "\"secrets\" in API group \"\" in the namespace \"ns\": no relationship found between node 'b' and "
                + "this object");
        assertThat(asNode("a", "GET", "/api/v1/namespaces/ns/secrets/s2", null).code()).isEqualTo(403);
        assertThat(asNode("a", "GET", "/api/v1/namespaces/ns/secrets", null).code()).isEqualTo(403);
    }

    @Test
    void aNodeReadsItsOwnNodeAndPodsButNotAnotherNode() throws Exception {
        assertThat(asNode("a", "GET", "/api/v1/nodes/a", null).code()).isEqualTo(200);
        assertThat(asNode("a", "GET", "/api/v1/pods?fieldSelector=spec.nodeName%3Da", null).body().path("items"))
                .extracting(p -> p.path("metadata").path("name").asString()).containsExactly("web");

        Reply otherNode = asNode("a", "GET", "/api/v1/nodes/b", null);
        assertThat(otherNode.code()).isEqualTo(403);
        assertThat(otherNode.message()).isEqualTo("nodes \"b\" is forbidden: User \"system:node:a\" cannot get resource "
                + "\"nodes\" in API group \"\" at the cluster scope: node 'a' cannot read 'b', only its own Node object");
        assertThat(asNode("b", "GET", "/api/v1/pods?fieldSelector=spec.nodeName%3Da", null).code()).isEqualTo(403);
    }

    @Test
    void onlyThePodsNodeWritesItsStatusEvictsOrDeletesIt() throws Exception {
        String status = "{\"status\":{\"phase\":\"Running\"}}";
        Reply refused = asNode("b", "PATCH", "/api/v1/namespaces/ns/pods/web/status", status);
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.message()).isEqualTo("pods \"web\" is forbidden: node \"b\" can only update pod status for "
                + "pods with spec.nodeName set to itself");
        assertThat(asNode("a", "PATCH", "/api/v1/namespaces/ns/pods/web/status", status).code()).isEqualTo(200);

        Reply eviction = asNode("b", "POST", "/api/v1/namespaces/ns/pods/web/eviction",
                "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"web\"}}");
        assertThat(eviction.code()).isEqualTo(403);
        assertThat(eviction.message())
                .isEqualTo("pods \"web\" is forbidden: node b can only evict pods with spec.nodeName set to itself");
        Reply deletion = asNode("b", "DELETE", "/api/v1/namespaces/ns/pods/web", null);
        assertThat(deletion.code()).isEqualTo(403);
        assertThat(deletion.message())
                .isEqualTo("pods \"web\" is forbidden: node \"b\" can only delete pods with spec.nodeName set to itself");
        assertThat(admin("GET", "/api/v1/namespaces/ns/pods/web", null).code()).isEqualTo(200);
    }

    @Test
    void aNodeRequestsTokensOnlyForItsPodsServiceAccountBoundToThatPod() throws Exception {
        String uid = admin("GET", "/api/v1/namespaces/ns/pods/web", null).body().path("metadata").path("uid").asString();
        String bound = "{\"spec\":{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"web\","
                + "\"uid\":\"" + uid + "\"}}}";
        String token = "/api/v1/namespaces/ns/serviceaccounts/robot/token";

        Reply issued = asNode("a", "POST", token, bound);
        assertThat(issued.code()).as(issued.message()).isEqualTo(201);
        assertThat(issued.body().path("status").path("token").asString()).isNotEmpty();
        Reply unbound = asNode("a", "POST", token, "{\"spec\":{}}");
        assertThat(unbound.code()).isEqualTo(403);
        assertThat(unbound.message())
                .isEqualTo("serviceaccounts \"robot\" is forbidden: node requested token not bound to a pod");
        Reply otherNode = asNode("b", "POST", token, bound);
        assertThat(otherNode.code()).isEqualTo(403);
        assertThat(otherNode.message()).endsWith(": no relationship found between node 'b' and this object");
    }

    @Test
    void accessReviewsAnswerForANodeAsTheNodeAuthorizerDecides() throws Exception {
        String review = "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\",\"spec\":{"
                + "\"user\":\"system:node:%s\",\"groups\":[\"system:nodes\"],\"resourceAttributes\":{"
                + "\"verb\":\"get\",\"resource\":\"secrets\",\"namespace\":\"ns\",\"name\":\"s1\"}}}";
        String reviews = "/apis/authorization.k8s.io/v1/subjectaccessreviews";
        await().untilAsserted(() -> assertThat(admin("POST", reviews, review.formatted("a")).body()
                .path("status").path("allowed").asBoolean()).isTrue());
        JsonNode refused = admin("POST", reviews, review.formatted("b")).body().path("status");
        assertThat(refused.path("allowed").asBoolean()).isFalse();
        assertThat(refused.path("reason").asString())
                .isEqualTo("no relationship found between node 'b' and this object");

        JsonNode rules = asNode("a", "POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
                "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\","
                        + "\"spec\":{\"namespace\":\"ns\"}}").body().path("status");
        assertThat(rules.path("incomplete").asBoolean()).isTrue();
        assertThat(rules.path("evaluationError").asString())
                .isEqualTo("node authorizer does not support user rule resolution");
    }

    @Test
    void aNodeModifiesOnlyItsOwnNodeAndLease() throws Exception {
        Reply otherNode = asNode("b", "PATCH", "/api/v1/nodes/a", "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}");
        assertThat(otherNode.code()).isEqualTo(403);
        assertThat(otherNode.message())
                .isEqualTo("nodes \"a\" is forbidden: node \"b\" is not allowed to modify node \"a\"");
        Reply restricted = asNode("a", "PATCH", "/api/v1/nodes/a",
                "{\"metadata\":{\"labels\":{\"node-restriction.kubernetes.io/pool\":\"gold\"}}}");
        assertThat(restricted.code()).isEqualTo(403);
        assertThat(restricted.message()).isEqualTo(
                "nodes \"a\" is forbidden: is not allowed to modify labels: node-restriction.kubernetes.io/pool");
        assertThat(asNode("a", "PATCH", "/api/v1/nodes/a", "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}").code())
                .isEqualTo(200);

        String lease = "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"%s\"}}";
        String leases = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";
        Reply foreignLease = asNode("b", "POST", leases, lease.formatted("a"));
        assertThat(foreignLease.code()).isEqualTo(403);
        assertThat(foreignLease.message()).isEqualTo("leases.coordination.k8s.io \"a\" is forbidden: can only access "
                + "node lease with the same name as the requesting node");
        assertThat(asNode("a", "POST", leases, lease.formatted("a")).code()).isEqualTo(201);
        Reply readForeign = asNode("b", "GET", leases + "/a", null);
        assertThat(readForeign.code()).isEqualTo(403);
        assertThat(readForeign.message()).endsWith(
                ": can only access node lease with the same name as the requesting node");
    }

    private static Reply admin(String method, String path, String body) throws IOException, InterruptedException {
        return send(request(method, path, body));
    }

    private static Reply asNode(String node, String method, String path, String body)
            throws IOException, InterruptedException {
        return send(request(method, path, body).header("Impersonate-User", "system:node:" + node)
                .header("Impersonate-Group", "system:nodes"));
    }

    private static HttpRequest.Builder request(String method, String path, String body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        String type = method.equals("PATCH") ? "application/merge-patch+json" : "application/json";
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + credentials.adminToken()).header("Content-Type", type)
                .method(method, publisher);
    }

    private static Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(response.statusCode(), Json.parse(response.body()));
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
