package skiff.e2e.deletion;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;

/** Sends requests the typed client cannot shape (query-only delete options) and keeps the status code. */
final class RawApi {
    private final KubernetesClient client;

    RawApi(KubernetesClient client) {
        this.client = client;
    }

    record Response(int code, JsonNode body) {}

    Response delete(String path, String body) {
        return send("DELETE", path, body);
    }

    Response send(String method, String path, String body) {
        HttpClient http = client.getHttpClient();
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + path;
        HttpRequest.Builder request = http.newHttpRequestBuilder().uri(url);
        if (body == null) {
            request.method(method, "application/json", null);
        } else {
            request.method(method, "application/json", body);
        }
        try {
            HttpResponse<String> response = http.sendAsync(request.build(), String.class).get(30, TimeUnit.SECONDS);
            String text = response.body();
            return new Response(response.code(), text == null || text.isEmpty() ? null : Json.parse(text.getBytes()));
        } catch (Exception e) {
            throw new AssertionError("request failed: " + method + " " + path, e);
        }
    }
}
