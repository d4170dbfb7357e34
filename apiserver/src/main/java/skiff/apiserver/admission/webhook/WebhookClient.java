package skiff.apiserver.admission.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import skiff.api.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * POSTs AdmissionReviews to webhooks over HTTPS (k/k apiserver pkg/util/webhook/client.go and client-go's REST
 * client): one HTTP client per trust (caBundle and server name), the whole call bounded by the webhook's
 * timeoutSeconds. Failures carry the words Go's client uses, as kube-apiserver reports them.
 */
final class WebhookClient {
    private record Trust(String caBundle, String serverName) {}

    private final Map<Trust, HttpClient> clients = new ConcurrentHashMap<>();

    /**
     * The JSON the webhook answered with.
     *
     * @throws WebhookCallFailure when it could not be called in time, or answered other than 2xx JSON
     */
    JsonNode post(WebhookTarget target, byte[] body, long timeoutSeconds) {
        String prefix = "Post \"" + target.url() + "\": ";
        HttpClient client = client(new Trust(target.caBundle(), target.serverName()));
        HttpRequest request = HttpRequest.newBuilder(target.dial())
                .header("Content-Type", "application/json").header("Accept", "application/json, */*")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> response;
        try {
            response = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw WebhookCallFailure.call(prefix + "context deadline exceeded");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WebhookCallFailure.call(prefix + "context canceled");
        } catch (ExecutionException e) {
            throw WebhookCallFailure.call(prefix + goError(e.getCause(), target));
        }
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            // client-go rest/request.go transformResponse: a non-Status body is reported by its code.
            throw WebhookCallFailure.call("the server responded with the status code "
                    + response.statusCode() + " but did not return more information");
        }
        try {
            return Json.parse(response.body());
        } catch (JacksonException e) {
            throw WebhookCallFailure.call(e.getOriginalMessage());
        }
    }

    private HttpClient client(Trust trust) {
        return clients.computeIfAbsent(trust, t -> {
            try {
                SSLParameters parameters = new SSLParameters();
                if (!t.serverName().isEmpty() && !t.serverName().matches("[0-9.]+|.*:.*")) {
                    parameters.setServerNames(List.of(new SNIHostName(t.serverName())));
                }
                return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .sslContext(WebhookTrust.context(t.caBundle(), t.serverName())).sslParameters(parameters)
                        .connectTimeout(Duration.ofSeconds(30)).build();
            } catch (GeneralSecurityException | IOException e) {
                throw WebhookCallFailure.client(e.getMessage());
            }
        });
    }

    // Go's net/http wording for what the JDK's client reports.
    private static String goError(Throwable cause, WebhookTarget target) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof WebhookTrust.UntrustedCertificate untrusted) {
                return "tls: failed to verify certificate: " + untrusted.getMessage();
            }
        }
        int port = target.dial().getPort() < 0 ? 443 : target.dial().getPort();
        if (cause instanceof ConnectException) {
            return "dial tcp " + target.dial().getHost() + ":" + port + ": connect: connection refused";
        }
        return cause == null ? "unknown error" : String.valueOf(cause.getMessage());
    }
}
