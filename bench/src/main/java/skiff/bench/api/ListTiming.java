package skiff.bench.api;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import tools.jackson.databind.JsonNode;

/**
 * Times listing every pod of a namespace: as one JSON response (what an informer's initial list does), and in pages
 * of 500 (what kubectl does). Each run reads the whole body.
 */
public final class ListTiming {
    private final Clock clock;

    public ListTiming(Clock clock) {
        this.clock = clock;
    }

    /** Lists once, untimed, and checks the count; returns the size of the full response. */
    public int check(PodApi api, String namespace, int expectedItems) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = api.list(path(namespace));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("list answered " + response.statusCode());
        }
        int items = Json.parse(response.body()).path("items").size();
        if (items != expectedItems) {
            throw new IllegalStateException("list returned " + items + " pods, expected " + expectedItems);
        }
        return response.body().length;
    }

    /** One full list, in nanoseconds from request to the body's last byte. */
    public long full(PodApi api, String namespace) throws IOException, InterruptedException {
        long sent = clock.nanoTime();
        HttpResponse<byte[]> response = api.list(path(namespace));
        long took = clock.nanoTime() - sent;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("list answered " + response.statusCode());
        }
        return took;
    }

    /** One walk in pages of {@code limit}, following continue tokens (each page parsed for its token). */
    public long paged(PodApi api, String namespace, int limit, int expectedItems)
            throws IOException, InterruptedException {
        long sent = clock.nanoTime();
        int items = 0;
        String token = "";
        do {
            String path = path(namespace) + "?limit=" + limit
                    + (token.isEmpty() ? "" : "&continue=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            HttpResponse<byte[]> response = api.list(path);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("paged list answered " + response.statusCode());
            }
            JsonNode page = Json.parse(response.body());
            items += page.path("items").size();
            token = page.path("metadata").path("continue").asString("");
        } while (!token.isEmpty());
        long took = clock.nanoTime() - sent;
        if (items != expectedItems) {
            throw new IllegalStateException("paged list found " + items + " pods, expected " + expectedItems);
        }
        return took;
    }

    private static String path(String namespace) {
        return "/api/v1/namespaces/" + namespace + "/pods";
    }
}
