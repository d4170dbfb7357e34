package skiff.e2e.client;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Requests sent through a fabric8 client's own HTTP client (its TLS trust and bearer token), for the cases where a
 * test needs the exact status code and body rather than what the typed API makes of them.
 */
final class RawApi {
    private static final long TIMEOUT_SECONDS = 30;

    private final HttpClient http;
    private final String base;

    RawApi(KubernetesClient client) {
        this.http = client.getHttpClient();
        String url = client.getMasterUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    RawResponse get(String path) {
        return send(http.newHttpRequestBuilder().uri(base + path).build());
    }

    RawResponse get(String path, String accept) {
        return send(http.newHttpRequestBuilder().uri(base + path).header("Accept", accept).build());
    }

    RawResponse send(String method, String path, String contentType, String body) {
        return send(http.newHttpRequestBuilder().uri(base + path).method(method, contentType, body).build());
    }

    /** Opens a streamed GET (a watch) and returns a reader over its newline-separated body. */
    BufferedReader stream(String path) {
        HttpRequest request = http.newHttpRequestBuilder().uri(base + path).forStreaming().build();
        HttpResponse<InputStream> response = await(http.sendAsync(request, InputStream.class));
        if (response.code() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.code());
        }
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    private RawResponse send(HttpRequest request) {
        HttpResponse<String> response = await(http.sendAsync(request, String.class));
        return new RawResponse(response.code(), response.body());
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("request failed", e);
        }
    }
}
