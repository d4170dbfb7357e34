package skiff.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The create-only reviews of authentication.k8s.io and authorization.k8s.io over HTTP, as the admin: a POST is
 * answered with 201 and the review's status, other verbs are refused, a cluster-scoped review takes no namespace, a
 * LocalSubjectAccessReview's namespace must be the request's, and fieldValidation=Strict refuses an access
 * review's unknown fields.
 */
class ReviewsTest {
    private static final String AUTHN = "/apis/authentication.k8s.io/v1/";
    private static final String AUTHZ = "/apis/authorization.k8s.io/v1/";

    @TempDir
    static Path dir;

    private static ApiServer server;
    private static ClusterCredentials credentials;
    private static HttpClient http;

    @BeforeAll
    static void startServer() throws Exception {
        credentials = ClusterCredentials.loadOrCreate(dir, Set.of("localhost"), Set.of("127.0.0.1"));
        IssuedCertificate kubeletClient = credentials.issueKubeletClientCertificate();
        server = ApiServer.start(new ApiServer.Config(new MemoryKeyValueStore(), credentials.servingCertificatePem(),
                credentials.servingKeyPem(), credentials.adminToken(), "127.0.0.1", 0, Clock.system(), 1000,
                kubeletClient.certificatePem(), kubeletClient.privateKeyPem(), ConnectionLimits.kubernetesDefaults(),
                ApiServer.Config.DEFAULT_EVENT_TTL));
        server.markReady();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(trusting(credentials.caCertificatePem())).build();
        assertThat(post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"default\"}}").statusCode()).isEqualTo(201);
    }

    @AfterAll
    static void stopServer() {
        if (http != null) {
            http.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSelfSubjectReviewNamesTheCallerAndIsStampedWithItsCreation() throws Exception {
        HttpResponse<String> response = post(AUTHN + "selfsubjectreviews",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode review = json(response.body());
        assertThat(review.path("kind").asString()).isEqualTo("SelfSubjectReview");
        assertThat(review.path("status").path("userInfo").path("username").asString()).isEqualTo("skiff-admin");
        assertThat(review.path("metadata").path("creationTimestamp").asString("")).matches("\\d{4}-.*Z");
    }

    @Test
    void aTokenReviewJudgesTheTokenAndAnInvalidOneIsAnAnswer() throws Exception {
        JsonNode valid = json(post(AUTHN + "tokenreviews", tokenReview(credentials.adminToken())).body());
        HttpResponse<String> invalid = post(AUTHN + "tokenreviews", tokenReview("not-a-token"));

        assertThat(valid.path("status").path("authenticated").asBoolean()).isTrue();
        assertThat(valid.path("status").path("user").path("username").asString()).isEqualTo("skiff-admin");
        assertThat(invalid.statusCode()).isEqualTo(201);
        assertThat(json(invalid.body()).path("status").path("authenticated").asBoolean()).isFalse();
    }

    @Test
    void accessReviewsAnswerForTheSubjectTheyName() throws Exception {
        HttpResponse<String> self = post(AUTHZ + "selfsubjectaccessreviews", "{\"apiVersion\":"
                + "\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\",\"spec\":{\"resourceAttributes\":"
                + "{\"verb\":\"get\",\"resource\":\"pods\",\"namespace\":\"default\"}}}");
        HttpResponse<String> other = post(AUTHZ + "subjectaccessreviews", "{\"apiVersion\":"
                + "\"authorization.k8s.io/v1\",\"kind\":\"SubjectAccessReview\",\"spec\":{\"user\":\"nobody\","
                + "\"resourceAttributes\":{\"verb\":\"get\",\"resource\":\"pods\",\"namespace\":\"default\"}}}");

        assertThat(self.statusCode()).isEqualTo(201);
        JsonNode answer = json(self.body());
        assertThat(answer.path("kind").asString()).isEqualTo("SelfSubjectAccessReview");
        assertThat(answer.path("apiVersion").asString()).isEqualTo("authorization.k8s.io/v1");
        assertThat(answer.path("status").path("allowed").asBoolean()).isTrue();
        assertThat(json(other.body()).path("status").path("allowed").asBoolean()).isFalse();
    }

    @Test
    void aLocalSubjectAccessReviewTakesTheNamespaceOfItsRequest() throws Exception {
        String path = "/apis/authorization.k8s.io/v1/namespaces/default/localsubjectaccessreviews";

        HttpResponse<String> same = post(path, localReview("default"));
        HttpResponse<String> other = post(path, localReview("elsewhere"));

        assertThat(same.statusCode()).isEqualTo(201);
        assertThat(json(same.body()).path("status").path("allowed").asBoolean()).isFalse();
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(json(other.body()).path("message").asString())
                .isEqualTo("the namespace of the provided object does not match the namespace sent on the request");
    }

    @Test
    void aClusterScopedReviewTakesNoNamespace() throws Exception {
        HttpResponse<String> response = post(AUTHN + "selfsubjectreviews",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\","
                        + "\"metadata\":{\"namespace\":\"default\"}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).path("message").asString())
                .isEqualTo("namespace is not allowed on this type");
    }

    @Test
    void strictFieldValidationRefusesAnUnknownFieldOfAnAccessReview() throws Exception {
        HttpResponse<String> access = post(AUTHZ + "selfsubjectaccessreviews?fieldValidation=Strict",
                "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\",\"spec\":{"
                        + "\"bogus\":1,\"nonResourceAttributes\":{\"verb\":\"get\",\"path\":\"/version\"}}}");

        assertThat(access.statusCode()).isEqualTo(400);
        assertThat(json(access.body()).path("message").asString()).contains("unknown field \"spec.bogus\"");
    }

    @Test
    void aReviewIsNeverReadBack() throws Exception {
        HttpResponse<String> response = http.send(request(AUTHZ + "subjectaccessreviews").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
    }

    private static String tokenReview(String token) {
        return "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\""
                + token + "\"}}";
    }

    private static String localReview(String namespace) {
        return "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"LocalSubjectAccessReview\",\"metadata\":"
                + "{\"namespace\":\"" + namespace + "\"},\"spec\":{\"user\":\"nobody\",\"resourceAttributes\":"
                + "{\"verb\":\"get\",\"resource\":\"pods\",\"namespace\":\"default\"}}}";
    }

    private static JsonNode json(String body) {
        return Json.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                .header("Authorization", "Bearer " + credentials.adminToken());
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
