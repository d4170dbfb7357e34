package skiff.controllers.framework;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.concurrent.ExecutionException;

/**
 * The few API calls fabric8's DSL does not offer in the form a controller needs (a DELETE with uid and
 * resourceVersion preconditions, PUT to a namespace's finalize subresource). They go through the client's own HTTP
 * client, so TLS, credentials and the server URL are the client's; the status code comes back as a value.
 */
public final class RawRequests {
    private final KubernetesClient client;

    public RawRequests(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param path absolute API path, e.g. {@code /api/v1/namespaces/x/finalize}
     * @param body the request body (JSON or a patch)
     */
    public RawResponse send(String method, String path, String contentType, String body) {
        String base = client.getMasterUrl().toString();
        String url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(url).method(method, contentType, body).build();
        try {
            HttpResponse<String> response = http.sendAsync(request, String.class).get();
            return new RawResponse(response.code(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException(method + " " + path + " interrupted", e);
        } catch (ExecutionException e) {
            throw new KubernetesClientException(method + " " + path + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
