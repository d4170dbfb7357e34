package skiff.apiserver.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import skiff.api.json.Json;
import skiff.apiserver.security.CertificateAuthority;
import skiff.apiserver.security.IssuedCertificate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A webhook server for tests: HTTPS on loopback with a certificate for 127.0.0.1 and localhost from a CA of its own;
 * each path answers AdmissionReviews (or other reviews) with what its responder makes of them, and records them.
 */
public final class TestWebhookServer implements AutoCloseable {
    private final CertificateAuthority ca = CertificateAuthority.generate();
    private final HttpsServer server;
    private final Map<String, List<JsonNode>> requests = new ConcurrentHashMap<>();

    public TestWebhookServer() {
        this(Set.of("localhost"));
    }

    /** A server whose certificate is valid for {@code dnsNames} and 127.0.0.1. */
    public TestWebhookServer(Set<String> dnsNames) {
        try {
            IssuedCertificate serving = ca.issueServingCertificate(dnsNames, Set.of("127.0.0.1"));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("serving", serving.privateKey(), new char[0],
                    new Certificate[] {serving.certificate(), ca.certificate()});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, new char[0]);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(factory.getKeyManagers(), null, null);
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Answers the reviews POSTed to {@code path} with the response {@code responder} makes of their request; the
     * server fills in the response's uid and the review's kind and apiVersion.
     */
    public TestWebhookServer handle(String path, Function<JsonNode, ObjectNode> responder) {
        return answer(path, review -> {
            ObjectNode response = responder.apply(review.path("request"));
            response.put("uid", review.path("request").path("uid").asString(""));
            ObjectNode answer = Json.object();
            answer.put("apiVersion", "admission.k8s.io/v1");
            answer.put("kind", "AdmissionReview");
            answer.set("response", response);
            return answer;
        });
    }

    /** Answers the reviews (of any kind) POSTed to {@code path} with the whole JSON {@code answerer} makes of them. */
    public TestWebhookServer answer(String path, Function<JsonNode, JsonNode> answerer) {
        requests.put(path, Collections.synchronizedList(new ArrayList<>()));
        server.createContext(path, exchange -> {
            try (exchange) {
                JsonNode review = Json.parse(exchange.getRequestBody().readAllBytes());
                requests.get(path).add(review);
                byte[] body = Json.bytes(answerer.apply(review));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address of {@code path}, by IP. */
    public String url(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The CA that signed the serving certificate, base64-encoded PEM as clientConfig.caBundle takes it. */
    public String caBundle() {
        return Base64.getEncoder().encodeToString(ca.certificatePem().getBytes(StandardCharsets.US_ASCII));
    }

    /** The reviews {@code path} received, in order. */
    public List<JsonNode> reviews(String path) {
        return List.copyOf(requests.get(path));
    }

    /** A response allowing the request. */
    public static ObjectNode allow() {
        ObjectNode response = Json.object();
        response.put("allowed", true);
        return response;
    }

    /** A response refusing the request with {@code code} and {@code message}. */
    public static ObjectNode deny(int code, String message) {
        ObjectNode response = Json.object();
        response.put("allowed", false);
        ObjectNode status = response.putObject("status");
        status.put("code", code);
        status.put("message", message);
        return response;
    }

    /** {@code response} with {@code warnings} for the client. */
    public static ObjectNode warn(ObjectNode response, String... warnings) {
        for (String warning : warnings) {
            response.withArray("warnings").add(warning);
        }
        return response;
    }

    /** A response allowing the request with the JSONPatch {@code patch} (JSON text). */
    public static ObjectNode patch(String patch) {
        ObjectNode response = allow();
        response.put("patchType", "JSONPatch");
        response.put("patch", Base64.getEncoder().encodeToString(patch.getBytes(StandardCharsets.UTF_8)));
        return response;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
