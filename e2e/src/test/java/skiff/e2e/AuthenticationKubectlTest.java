package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import skiff.api.json.Json;
import skiff.api.time.FakeClock;
import skiff.apiserver.security.CertificateAuthority;
import skiff.apiserver.security.Kubeconfig;
import skiff.testing.SkiffExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Authentication as kubectl 1.27 and 1.33 see it: the admin kubeconfig's client certificate, service-account tokens
 * from {@code kubectl create token} (time-bound and pod-bound), TokenReview, {@code kubectl auth whoami}, OIDC
 * discovery, and the refusals: a deleted pod's or service account's token, an expired or forged one, malformed
 * tokens, certificates of another CA, expired or for servers (401, never a server error), and a certificate without
 * a common name, which names no user (anonymous).
 */
class AuthenticationKubectlTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet()
            .disableControllers("scheduler").build();

    @TempDir
    Path work;

    private Kubectl kubectl(String version) {
        return Kubectl.version(version, skiff.server().kubeconfig(), work);
    }

    /** A kubectl whose kubeconfig authenticates only with {@code token}. */
    private Kubectl withToken(String version, String token) throws IOException {
        Path file = work.resolve("token-" + Math.abs(token.hashCode()) + ".yaml");
        Files.writeString(file, Kubeconfig.render(skiff.server().url(), skiff.server().caCertificatePem(), token,
                "skiff"));
        return Kubectl.version(version, file, work);
    }

    private static JsonNode json(KubectlResult result) {
        return Json.parse(result.stdout().getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void adminKubeconfigIsAClientCertificateInSystemMasters(String version) throws IOException {
        String kubeconfig = Files.readString(skiff.server().kubeconfig());
        JsonNode whoami = json(kubectl(version).succeed("auth", "whoami", "-o", "json"));

        assertThat(kubeconfig).contains("client-certificate-data").doesNotContain("token:");
        assertThat(whoami.path("status").path("userInfo").path("username").asString()).isEqualTo("skiff-admin");
        assertThat(whoami.path("status").path("userInfo").path("groups").toString())
                .contains("system:masters", "system:authenticated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void createTokenGivesAServiceAccountIdentityThatCallsTheApi(String version) throws IOException {
        String account = "builder-" + version.replace(".", "");
        kubectl(version).succeed("create", "serviceaccount", account);

        String token = kubectl(version).succeed("create", "token", account, "--duration", "10m").stdout().strip();
        Kubectl asAccount = withToken(version, token);
        JsonNode whoami = json(asAccount.succeed("auth", "whoami", "-o", "json"));
        KubectlResult refused = asAccount.run("get", "serviceaccount", account, "-o", "name");
        // Authenticated as the account, which RBAC lets read only once a binding grants it.
        kubectl(version).succeed("create", "rolebinding", account + "-view", "--clusterrole=view",
                "--serviceaccount=default:" + account);
        KubectlResult get = await().atMost(Duration.ofSeconds(30)).until(
                () -> asAccount.run("get", "serviceaccount", account, "-o", "name"), KubectlResult::succeeded);

        assertThat(whoami.path("status").path("userInfo").path("username").asString())
                .isEqualTo("system:serviceaccount:default:" + account);
        assertThat(whoami.path("status").path("userInfo").path("groups").toString())
                .contains("system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated");
        assertThat(refused.stderr()).contains("(Forbidden)").contains("User \"system:serviceaccount:default:"
                + account + "\" cannot get resource \"serviceaccounts\"");
        assertThat(get.stdout().strip()).isEqualTo("serviceaccount/" + account);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void podBoundTokenStopsWorkingWhenThePodIsDeleted(String version) throws IOException {
        String account = "bound-" + version.replace(".", "");
        String pod = "holder-" + version.replace(".", "");
        kubectl(version).succeed("create", "serviceaccount", account);
        skiff.client().pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName(pod)
                .endMetadata().withNewSpec().withServiceAccountName(account).addNewContainer().withName("c")
                .withImage("busybox").endContainer().endSpec().build()).create();

        String token = kubectl(version).succeed("create", "token", account, "--bound-object-kind", "Pod",
                "--bound-object-name", pod, "--duration", "10m").stdout().strip();
        JsonNode whoami = json(withToken(version, token).succeed("auth", "whoami", "-o", "json"));
        kubectl(version).succeed("delete", "pod", pod, "--grace-period", "0", "--force");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> skiff.client().pods().inNamespace("default").withName(pod).get() == null);
        KubectlResult refused = withToken(version, token).run("auth", "whoami");

        assertThat(whoami.path("status").path("userInfo").path("extra")
                .path("authentication.kubernetes.io/pod-name").toString()).contains(pod);
        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.stderr()).contains("Unauthorized");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.27", "1.33"})
    void tokenReviewTellsWhoATokenIs(String version) {
        String account = "reviewed-" + version.replace(".", "");
        kubectl(version).succeed("create", "serviceaccount", account);
        String token = kubectl(version).succeed("create", "token", account).stdout().strip();
        String review = """
                apiVersion: authentication.k8s.io/v1
                kind: TokenReview
                spec:
                  token: %s
                """;

        JsonNode valid = json(kubectl(version).succeed("create", "-o", "json", "-f",
                kubectl(version).file("valid.yaml", review.formatted(token))));
        JsonNode invalid = json(kubectl(version).succeed("create", "-o", "json", "-f",
                kubectl(version).file("invalid.yaml", review.formatted("garbage"))));

        assertThat(valid.path("status").path("authenticated").asBoolean()).isTrue();
        assertThat(valid.path("status").path("user").path("username").asString())
                .isEqualTo("system:serviceaccount:default:" + account);
        assertThat(invalid.path("status").path("authenticated").asBoolean()).isFalse();
        assertThat(invalid.path("status").path("error").asString()).contains("invalid bearer token");
    }

    @Test
    void unknownTokenAndForeignCertificateAreUnauthorized() throws IOException {
        var foreign = CertificateAuthority.generate().issueRsaClientCertificate("mallory", Set.of("system:masters"));
        Path file = work.resolve("foreign.yaml");
        Files.writeString(file, Kubeconfig.render(skiff.server().url(), skiff.server().caCertificatePem(), foreign,
                "skiff"));

        KubectlResult badToken = withToken("1.33", "not-a-token").run("get", "namespaces");
        KubectlResult badCertificate = Kubectl.version("1.33", file, work).run("get", "namespaces");

        assertThat(badToken.exitCode()).isNotZero();
        assertThat(badToken.stderr()).contains("the server has asked for the client to provide credentials");
        assertThat(badCertificate.exitCode()).isNotZero();
        assertThat(badCertificate.stderr()).contains("the server has asked for the client to provide credentials");
    }

    @Test
    void adminTokenOfOlderKubeconfigsStillWorks() throws IOException {
        KubectlResult namespaces = withToken("1.33", skiff.server().adminToken()).run("get", "namespace", "default",
                "-o", "name");

        assertThat(namespaces.exitCode()).as(namespaces.toString()).isZero();
        assertThat(namespaces.stdout().strip()).isEqualTo("namespace/default");
    }

    @Test
    void fabric8ReadsTheCertificateKubeconfig() throws IOException {
        Config config = Config.fromKubeconfig(Files.readString(skiff.server().kubeconfig()));
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            assertThat(client.namespaces().withName("default").get()).isNotNull();
        }
    }

    @Test
    void openIdDiscoveryDescribesTheIssuerAndItsKeys() {
        JsonNode configuration = json(kubectl("1.33").succeed("get", "--raw", "/.well-known/openid-configuration"));
        JsonNode jwks = json(kubectl("1.33").succeed("get", "--raw", "/openid/v1/jwks"));
        String token = kubectl("1.33").succeed("create", "token", "default").stdout().strip();
        JsonNode header = Json.parse(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));

        assertThat(configuration.path("issuer").asString()).isEqualTo("https://kubernetes.default.svc.cluster.local");
        assertThat(configuration.path("jwks_uri").asString()).endsWith("/openid/v1/jwks");
        assertThat(jwks.path("keys").get(0).path("kty").asString()).isEqualTo("RSA");
        assertThat(jwks.path("keys").get(0).path("kid").asString()).isEqualTo(header.path("kid").asString());
        assertThat(header.path("alg").asString()).isEqualTo("RS256");
    }

    @Test
    void aPodOfAMissingServiceAccountIsRefusedAndOthersGetTheTokenVolume() {
        KubectlResult refused = kubectl("1.33").run("run", "orphan", "--image", "busybox", "--overrides",
                "{\"spec\": {\"serviceAccountName\": \"ghost\"}}");
        kubectl("1.33").succeed("run", "mounted", "--image", "busybox");
        String mounts = kubectl("1.33").succeed("get", "pod", "mounted", "-o",
                "jsonpath={.spec.volumes[0].name} {.spec.containers[0].volumeMounts[0].mountPath}").stdout();

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("pods \"orphan\" is forbidden: error looking up service account "
                + "default/ghost: serviceaccount \"ghost\" not found");
        assertThat(mounts).matches("kube-api-access-[a-z0-9]{5} /var/run/secrets/kubernetes.io/serviceaccount");
    }

    @Test
    void everyNamespaceGetsTheRootCaConfigMap() {
        kubectl("1.33").succeed("create", "namespace", "fresh");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(skiff.client().configMaps()
                .inNamespace("fresh").withName("kube-root-ca.crt").get()).isNotNull());
        assertThat(skiff.client().configMaps().inNamespace("fresh").withName("kube-root-ca.crt").get().getData())
                .containsEntry("ca.crt", skiff.server().caCertificatePem());
    }

    @Test
    void expiredForgedOrphanedAndMalformedTokensAreUnauthorizedNeverAServerError() throws Exception {
        kubectl("1.33").succeed("create", "serviceaccount", "doomed");
        String token = kubectl("1.33").succeed("create", "token", "doomed").stdout().strip();
        String[] parts = token.split("\\.");
        ObjectNode claims = (ObjectNode) Json.parse(Base64.getUrlDecoder().decode(parts[1]));
        long now = Instant.now().getEpochSecond();
        ObjectNode past = claims.deepCopy().put("iat", now - 7200).put("nbf", now - 7200).put("exp", now - 3600);
        Map<String, String> refused = new LinkedHashMap<>();
        // Signed with the server's own key (its data directory), expired an hour ago.
        refused.put("expired", signed(parts[0], past, serviceAccountKey()));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        refused.put("another key", signed(parts[0], claims, rsa.generateKeyPair().getPrivate()));
        refused.put("tampered signature", token.substring(0, token.length() - 4) + "AAAA");
        refused.put("no signature", parts[0] + "." + parts[1] + ".");
        refused.put("two parts", parts[0] + "." + parts[1]);
        refused.put("alg none", "eyJhbGciOiJub25lIn0." + parts[1] + ".");
        refused.put("payload not base64", parts[0] + ".%%%." + parts[2]);
        refused.put("header not JSON", base64Url("{\"alg\":") + "." + parts[1] + "." + parts[2]);
        refused.put("not a JWT", "a.b.c");

        assertThat(versionStatus(token).statusCode()).isEqualTo(200);
        refused.forEach((kind, forged) -> assertUnauthorized(kind, versionStatus(forged)));
        kubectl("1.33").succeed("delete", "serviceaccount", "doomed");
        await().atMost(Duration.ofSeconds(30)).until(() -> versionStatus(token).statusCode() == 401);
        assertUnauthorized("deleted service account", versionStatus(token));
    }

    @Test
    void certificatesOfTheCaThatExpiredOrServeAreUnauthorizedAndOneWithoutACommonNameIsAnonymous() throws Exception {
        Path tls = skiff.server().dataDir().resolve("tls");
        CertificateAuthority lastYear = CertificateAuthority.fromPem(Files.readString(tls.resolve("ca.crt")),
                Files.readString(tls.resolve("ca.key")), new FakeClock(Instant.now().minus(Duration.ofDays(400))));
        Path expired = work.resolve("expired.yaml");
        Files.writeString(expired, Kubeconfig.render(skiff.server().url(), skiff.server().caCertificatePem(),
                lastYear.issueRsaClientCertificate("old-admin", Set.of("system:masters")), "skiff"));
        Path serving = UserCertificates.kubeconfig(skiff.server().dataDir(), skiff.server().kubeconfig(), work,
                "web", "/CN=web/O=system:masters", "extendedKeyUsage=serverAuth");
        Path nameless = UserCertificates.kubeconfig(skiff.server().dataDir(), skiff.server().kubeconfig(), work,
                "nameless", "/O=system:masters", "");

        for (Path file : new Path[] {expired, serving}) {
            KubectlResult result = Kubectl.version("1.33", file, work).run("get", "--raw", "/version");
            assertThat(result.exitCode()).as(file.toString()).isNotZero();
            assertThat(result.stderr()).as(file.toString())
                    .isEqualTo("error: You must be logged in to the server (Unauthorized)\n");
        }
        Kubectl anonymous = Kubectl.version("1.33", nameless, work);
        assertThat(anonymous.run("get", "--raw", "/version").exitCode()).isZero();
        // Discovery is for authenticated users only, so the request is raw.
        assertThat(anonymous.run("get", "--raw", "/api/v1/namespaces").stderr()).isEqualTo("Error from server (Forbidden): "
                + "namespaces is forbidden: User \"system:anonymous\" cannot list resource \"namespaces\" in API "
                + "group \"\" at the cluster scope\n");
    }

    private static void assertUnauthorized(String kind, HttpResponse<String> response) {
        JsonNode status = Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(kind).isEqualTo(401);
        assertThat(status.path("kind").asString()).as(kind).isEqualTo("Status");
        assertThat(status.path("reason").asString()).as(kind).isEqualTo("Unauthorized");
        assertThat(status.path("message").asString()).as(kind).isEqualTo("Unauthorized");
    }

    /** GET /version, which anyone may read, with {@code token} as the bearer token. */
    private static HttpResponse<String> versionStatus(String token) {
        try (HttpClient http = HttpClient.newBuilder().sslContext(trustingTheCluster()).build()) {
            return http.send(HttpRequest.newBuilder(URI.create(skiff.server().url() + "/version"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext trustingTheCluster() throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(skiff.server().caCertificatePem().getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** The key that signs the server's service-account tokens, from its data directory (PKCS#8 PEM). */
    private static PrivateKey serviceAccountKey() throws IOException, GeneralSecurityException {
        String pem = Files.readString(skiff.server().dataDir().resolve("tls/service-account.key"));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static String signed(String header, JsonNode claims, PrivateKey key) throws GeneralSecurityException {
        String content = header + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(claims));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key);
        rs256.update(content.getBytes(StandardCharsets.US_ASCII));
        return content + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
