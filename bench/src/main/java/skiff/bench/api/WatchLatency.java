package skiff.bench.api;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.bench.Latencies;

/**
 * Watch delivery latency: {@code watchers} watches on one namespace, then {@code writes} pod creates one after the
 * other; for every (write, watcher) pair, the time from the create's response (its acknowledgement) and from its
 * request to that watcher reading the ADDED event. A sentinel pod, created first, proves every watch is live
 * before timing starts, so no event is a replay.
 */
public final class WatchLatency {
    private static final String PREFIX = "w-";
    private static final String SENTINEL = PREFIX + "ready";

    private final Clock clock;

    public WatchLatency(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param afterAck   receive time minus acknowledgement time (negative when the event beat the response)
     * @param afterSend  receive time minus request time
     * @param missing    (write, watcher) pairs whose event never arrived
     */
    public record Result(Latencies afterAck, Latencies afterSend, long missing) {}

    public Result run(List<PodApi> watchClients, PodApi writer, String namespace, int watchers, int writes,
            Duration gap) throws IOException, InterruptedException {
        String rv = Json.parse(writer.list("/api/v1/namespaces/" + namespace + "/pods").body())
                .path("metadata").path("resourceVersion").asString();
        AtomicLongArray[] received = new AtomicLongArray[watchers];
        CountDownLatch live = new CountDownLatch(watchers);
        CountDownLatch done = new CountDownLatch(watchers);
        for (int w = 0; w < watchers; w++) {
            PodApi client = watchClients.get(w % watchClients.size());
            AtomicLongArray mine = received[w] = new AtomicLongArray(writes);
            Thread.ofVirtual().start(() -> watch(client, namespace, rv, mine, live, done));
        }
        if (writer.createPod(namespace, SENTINEL).statusCode() != 201) {
            throw new IllegalStateException("cannot create the sentinel pod");
        }
        if (!live.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (watchers - live.getCount()) + " of " + watchers
                    + " watches saw the sentinel");
        }
        long[] sent = new long[writes];
        long[] acked = new long[writes];
        long start = clock.nanoTime();
        for (int i = 0; i < writes; i++) {
            sent[i] = clock.nanoTime();
            int status = writer.createPod(namespace, PREFIX + i).statusCode();
            acked[i] = clock.nanoTime();
            if (status != 201) {
                throw new IllegalStateException("create " + i + " answered " + status);
            }
            clock.sleep(gap);
        }
        done.await(30, TimeUnit.SECONDS);
        Duration elapsed = Duration.ofNanos(clock.nanoTime() - start);
        List<long[]> fromAck = new ArrayList<>();
        List<long[]> fromSend = new ArrayList<>();
        long missing = 0;
        for (AtomicLongArray times : received) {
            long[] a = new long[writes];
            long[] s = new long[writes];
            int n = 0;
            for (int i = 0; i < writes; i++) {
                long at = times.get(i);
                if (at == 0) {
                    missing++;
                    continue;
                }
                a[n] = at - acked[i];
                s[n] = at - sent[i];
                n++;
            }
            fromAck.add(Arrays.copyOf(a, n));
            fromSend.add(Arrays.copyOf(s, n));
        }
        return new Result(Latencies.of(fromAck, elapsed, missing), Latencies.of(fromSend, elapsed, missing), missing);
    }

    // Records the arrival time before looking at the line; only ADDED events of this run's pods count.
    private void watch(PodApi client, String namespace, String rv, AtomicLongArray received, CountDownLatch live,
            CountDownLatch done) {
        String path = "/api/v1/namespaces/" + namespace + "/pods?watch=true&timeoutSeconds=300&resourceVersion=" + rv;
        int seen = 0;
        boolean sentinel = false;
        try {
            HttpResponse<Stream<String>> response = client.watch(path);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("watch answered " + response.statusCode());
            }
            try (Stream<String> lines = response.body()) {
                for (var it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    long at = clock.nanoTime();
                    if (!line.startsWith("{\"type\":\"ADDED\"")) {
                        continue;
                    }
                    String name = podName(line);
                    if (name.equals(SENTINEL)) {
                        if (!sentinel) {
                            sentinel = true;
                            live.countDown();
                        }
                    } else if (name.startsWith(PREFIX)) {
                        int i = Integer.parseInt(name.substring(PREFIX.length()));
                        if (received.compareAndSet(i, 0, at)) {
                            if (++seen == received.length()) {
                                done.countDown();
                                return;
                            }
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // The watch ended early: its missing events are counted.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // The pods' only name starting with the prefix is metadata.name (the container is "app").
    private static String podName(String line) {
        int at = line.indexOf("\"name\":\"" + PREFIX);
        if (at < 0) {
            return "";
        }
        int from = at + "\"name\":\"".length();
        return line.substring(from, line.indexOf('"', from));
    }
}
