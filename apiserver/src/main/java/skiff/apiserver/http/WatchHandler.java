package skiff.apiserver.http;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.apiserver.metrics.ApiServerMetrics;
import skiff.apiserver.cache.CacheEvent;
import skiff.apiserver.cache.CacheWatcher;
import skiff.apiserver.cache.WatcherTerminatedException;
import skiff.apiserver.registry.ListOptions;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import skiff.apiserver.table.IncludeObject;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams a watch as newline-separated JSON events, or as one WebSocket message per event (k/k apiserver
 * endpoints/handlers/watch.go): ADDED, MODIFIED, DELETED, BOOKMARK when asked for, and an ERROR event carrying a
 * 410 Status when the requested revision is gone.
 */
final class WatchHandler {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration BOOKMARK_INTERVAL = Duration.ofSeconds(30);
    private static final Duration PRE_TIMEOUT_BOOKMARK = Duration.ofSeconds(2);
    // k/k apiserver: watches without timeoutSeconds end after a random time between minRequestTimeout and twice it.
    private static final long MIN_REQUEST_TIMEOUT_SECONDS = 1800;

    private final Clock clock;
    private final ApiServerMetrics metrics;

    WatchHandler(Clock clock, ApiServerMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    void serve(RequestParameters request, WatchStream out, ResourceStorage storage, String namespace,
            ListOptions options) {
        ResourceDefinition def = storage.definition();
        Representation rep = Representation.from(request.header("Accept"));
        IncludeObject include = Representation.includeObject(request.param("includeObject"));
        boolean initialEvents = request.flag("sendInitialEvents");
        ListOptions effective = initialEvents && options.resourceVersion().isEmpty()
                ? new ListOptions(options.labelSelector(), options.fieldSelector(), "0", "", 0, null,
                        options.allowWatchBookmarks(), options.timeoutSeconds())
                : options;
        CacheWatcher watcher;
        try {
            watcher = storage.watch(namespace, effective);
        } catch (StatusException e) {
            if (e.code() != 410) {
                throw e;
            }
            out.startStream();
            try {
                out.write(line("ERROR", e.status()));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            out.endStream();
            return;
        }
        long timeoutSeconds = options.timeoutSeconds() > 0 ? options.timeoutSeconds()
                : MIN_REQUEST_TIMEOUT_SECONDS + ThreadLocalRandom.current().nextLong(MIN_REQUEST_TIMEOUT_SECONDS);
        long deadline = clock.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        long nextBookmark = nextBookmark(clock.nanoTime(), deadline);
        boolean initialEventsPending = initialEvents && options.allowWatchBookmarks();
        out.startStream();
        try (watcher) {
            while (!out.isClosed() && clock.nanoTime() < deadline) {
                long cacheRevision = watcher.cacheRevision();
                CacheEvent event = watcher.next(POLL);
                if (event != null) {
                    ObjectNode object = rep.render(def, event.object(), include, clock.now());
                    if (!out.write(line(event.type().name(), object))) {
                        return;
                    }
                    // k/k apiserver endpoints/handlers/watch.go (1.32): each event sent counts, by the watched kind.
                    metrics.watchEvent(def.group(), def.version(), def.kind());
                    continue;
                }
                // The queue was empty after reading the cache revision, so every event up to it was delivered.
                if (initialEventsPending) {
                    out.write(line("BOOKMARK", bookmark(def, cacheRevision, true)));
                    initialEventsPending = false;
                } else if (options.allowWatchBookmarks() && clock.nanoTime() >= nextBookmark) {
                    out.write(line("BOOKMARK", bookmark(def, cacheRevision, false)));
                    nextBookmark = nextBookmark(clock.nanoTime(), deadline);
                }
            }
        } catch (WatcherTerminatedException e) {
            // The cache dropped this watcher; ending the stream makes the client re-watch from its last revision.
        } catch (StatusException e) {
            // An object could not be converted to the version watched (a failing CRD conversion webhook): k/k 1.32
            // apiserver storage/etcd3/watcher.go sends the decoding error as an ERROR event and ends the watch.
            try {
                out.write(line("ERROR", e.status()));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            out.endStream();
        }
    }

    // k/k storage/cacher/cache_watcher.go nextBookmarkTime: a bookmark every interval, and one two seconds before the
    // watch's deadline, so that the client re-watches from as recent a revision as possible.
    private static long nextBookmark(long now, long deadline) {
        long heartbeat = now + BOOKMARK_INTERVAL.toNanos();
        long beforeTimeout = deadline - PRE_TIMEOUT_BOOKMARK.toNanos();
        return beforeTimeout > now ? Math.min(heartbeat, beforeTimeout) : heartbeat;
    }

    private static ObjectNode bookmark(ResourceDefinition def, long revision, boolean initialEventsEnd) {
        ObjectNode o = Json.object();
        o.put("kind", def.kind());
        o.put("apiVersion", def.apiVersion());
        ObjectNode meta = o.putObject("metadata");
        meta.put("resourceVersion", Long.toString(revision));
        if (initialEventsEnd) {
            meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
        }
        return o;
    }

    private static byte[] line(String type, ObjectNode object) {
        ObjectNode event = Json.object();
        event.put("type", type);
        event.set("object", object);
        byte[] json = Json.bytes(event);
        byte[] out = new byte[json.length + 1];
        System.arraycopy(json, 0, out, 0, json.length);
        out[json.length] = '\n';
        return out;
    }
}
