package skiff.bench.api;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.bench.Latencies;
import tools.jackson.databind.JsonNode;

/**
 * Times listing every pod of a namespace: as one JSON response (what an informer's initial list does), and in pages
 * of 500 (what kubectl does). Each run reads the whole body; the first is checked to hold the expected pods.
 */
public final class ListTiming {
    private final Clock clock;

    public ListTiming(Clock clock) {
        this.clock = clock;
    }

    /** The result of one list series and the size of one full response. */
    public record Result(Latencies latencies, long bodyBytes) {}

    public Result full(PodApi api, String namespace, int expectedItems, int runs)
            throws IOException, InterruptedException {
        String path = "/api/v1/namespaces/" + namespace + "/pods";
        HttpResponse<byte[]> first = api.list(path);
        check(first, expectedItems);
        api.list(path); // a second untimed run: the first one warms the server's serialization path
        long[] samples = new long[runs];
        long start = clock.nanoTime();
        for (int i = 0; i < runs; i++) {
            long sent = clock.nanoTime();
            HttpResponse<byte[]> response = api.list(path);
            samples[i] = clock.nanoTime() - sent;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("list answered " + response.statusCode());
            }
        }
        return new Result(Latencies.of(samples, Duration.ofNanos(clock.nanoTime() - start), 0), first.body().length);
    }

    /** Walks the namespace in pages of {@code limit}, following continue tokens; one sample per full walk. */
    public Latencies paged(PodApi api, String namespace, int limit, int expectedItems, int runs)
            throws IOException, InterruptedException {
        long[] samples = new long[runs];
        long start = clock.nanoTime();
        for (int i = 0; i < runs; i++) {
            long sent = clock.nanoTime();
            int items = 0;
            String token = "";
            do {
                String path = "/api/v1/namespaces/" + namespace + "/pods?limit=" + limit
                        + (token.isEmpty() ? "" : "&continue=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
                HttpResponse<byte[]> response = api.list(path);
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("paged list answered " + response.statusCode());
                }
                JsonNode page = Json.parse(response.body());
                items += page.path("items").size();
                token = page.path("metadata").path("continue").asString("");
            } while (!token.isEmpty());
            samples[i] = clock.nanoTime() - sent;
            if (items != expectedItems) {
                throw new IllegalStateException("paged list found " + items + " pods, expected " + expectedItems);
            }
        }
        return Latencies.of(samples, Duration.ofNanos(clock.nanoTime() - start), 0);
    }

    private static void check(HttpResponse<byte[]> response, int expectedItems) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("list answered " + response.statusCode());
        }
        int items = Json.parse(response.body()).path("items").size();
        if (items != expectedItems) {
            throw new IllegalStateException("list returned " + items + " pods, expected " + expectedItems);
        }
    }
}
