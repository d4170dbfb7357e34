package skiff.bench.pods;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.bench.Latencies;
import skiff.bench.api.PodApi;
import tools.jackson.databind.JsonNode;

/**
 * When each pod of one run was created, and when one watch on its namespace first showed it ADDED, Running and
 * Ready. The arrival time is taken before the event is parsed.
 */
final class PodTimes {
    private static final String PREFIX = "p-";

    private final Clock clock;
    private final int pods;
    private final AtomicLongArray sent;
    private final AtomicLongArray added;
    private final AtomicLongArray running;
    private final AtomicLongArray ready;
    private final CountDownLatch[] readyLatches;
    private final CountDownLatch allReady;
    private volatile String watchEnd = "";

    PodTimes(Clock clock, int pods) {
        this.clock = clock;
        this.pods = pods;
        this.sent = new AtomicLongArray(pods);
        this.added = new AtomicLongArray(pods);
        this.running = new AtomicLongArray(pods);
        this.ready = new AtomicLongArray(pods);
        this.readyLatches = new CountDownLatch[pods];
        for (int i = 0; i < pods; i++) {
            readyLatches[i] = new CountDownLatch(1);
        }
        this.allReady = new CountDownLatch(pods);
    }

    static String name(int i) {
        return PREFIX + i;
    }

    void sent(int i) {
        sent.set(i, clock.nanoTime());
    }

    boolean awaitReady(int i, Duration deadline) throws InterruptedException {
        return readyLatches[i].await(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean awaitAllReady(Duration deadline) throws InterruptedException {
        return allReady.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads the namespace's watch from {@code rv} until interrupted or every pod was Ready. */
    void follow(PodApi client, String namespace, String rv) {
        String path = "/api/v1/namespaces/" + namespace + "/pods?watch=true&timeoutSeconds=600&resourceVersion=" + rv;
        try {
            HttpResponse<Stream<String>> response = client.watch(path);
            try (Stream<String> lines = response.body()) {
                for (var it = lines.iterator(); it.hasNext() && allReady.getCount() > 0; ) {
                    String line = it.next();
                    long at = clock.nanoTime();
                    record(Json.parse(line.getBytes(StandardCharsets.UTF_8)), at);
                }
            }
            watchEnd = "the server ended the watch";
        } catch (IOException | RuntimeException e) {
            // The watch broke (the run is over, or the server went away): pods not seen stay unset.
            watchEnd = "the watch failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why the watch stopped before every pod was Ready, or "" while it runs. */
    String watchEnd() {
        return watchEnd;
    }

    private void record(JsonNode event, long at) {
        JsonNode pod = event.path("object");
        String name = pod.path("metadata").path("name").asString("");
        if (!name.startsWith(PREFIX)) {
            return;
        }
        int i = Integer.parseInt(name.substring(PREFIX.length()));
        added.compareAndSet(i, 0, at);
        if ("Running".equals(pod.path("status").path("phase").asString(""))) {
            running.compareAndSet(i, 0, at);
        }
        for (JsonNode c : pod.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asString("")) && "True".equals(c.path("status").asString(""))
                    && ready.compareAndSet(i, 0, at)) {
                readyLatches[i].countDown();
                allReady.countDown();
            }
        }
    }

    Latencies added() {
        return since(added);
    }

    Latencies running() {
        return since(running);
    }

    Latencies ready() {
        return since(ready);
    }

    /** From the first create request to the last create request. */
    Duration creating() {
        long first = Long.MAX_VALUE;
        long last = 0;
        for (int i = 0; i < pods; i++) {
            first = Math.min(first, sent.get(i));
            last = Math.max(last, sent.get(i));
        }
        return Duration.ofNanos(last - first);
    }

    /** From the first create request to the last pod Ready. */
    Duration span() {
        long first = Long.MAX_VALUE;
        long last = 0;
        for (int i = 0; i < pods; i++) {
            first = Math.min(first, sent.get(i));
            last = Math.max(last, ready.get(i));
        }
        return Duration.ofNanos(last - first);
    }

    private Latencies since(AtomicLongArray seen) {
        long[] samples = new long[pods];
        int n = 0;
        for (int i = 0; i < pods; i++) {
            if (seen.get(i) != 0) {
                samples[n++] = seen.get(i) - sent.get(i);
            }
        }
        return Latencies.of(Arrays.copyOf(samples, n), span(), pods - n);
    }
}
