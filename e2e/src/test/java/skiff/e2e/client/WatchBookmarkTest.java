package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;
import tools.jackson.databind.JsonNode;

/**
 * Watch streams read off the wire (docs api-concepts "Watch bookmarks" and "Streaming lists"): BOOKMARK events
 * only when asked for, carrying nothing but the kind and a resourceVersion, and the bookmark that ends the initial
 * events of a streaming list.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatchBookmarkTest {
    // The tests count a namespace's ConfigMaps: no kube-root-ca.crt is published into it.
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory()
            .disableControllers("root-ca-cert-publisher").build();

    private final KubernetesClient client = skiff.client();
    private final RawApi raw = new RawApi(client);
    private final String namespace = FreshNamespace.create(client, "bookmarks");

    @Test
    void bookmarkArrivesBeforeTheWatchTimesOutWhenAskedFor() throws IOException {
        client.resource(SampleObjects.configMap(namespace, "existing")).create();
        String now = client.configMaps().inNamespace(namespace).list().getMetadata().getResourceVersion();

        // k/k storage/cacher/cache_watcher.go nextBookmarkTime: a bookmark goes out two seconds before the deadline.
        JsonNode first;
        try (BufferedReader lines = raw.stream("/api/v1/namespaces/" + namespace + "/configmaps?watch=1"
                + "&resourceVersion=" + now + "&allowWatchBookmarks=true&timeoutSeconds=3")) {
            String line = lines.readLine();
            assertThat(line).as("an event before the watch ends").isNotNull();
            first = RawResponse.parse(line);
        }

        assertThat(first.path("type").asString()).isEqualTo("BOOKMARK");
        JsonNode bookmark = first.path("object");
        assertThat(bookmark.path("kind").asString()).isEqualTo("ConfigMap");
        assertThat(bookmark.path("apiVersion").asString()).isEqualTo("v1");
        assertThat(bookmark.path("metadata").propertyNames()).containsExactly("resourceVersion");
        assertThat(Long.parseLong(bookmark.path("metadata").path("resourceVersion").asString()))
                .isGreaterThanOrEqualTo(Long.parseLong(now));
    }

    @Test
    void noBookmarkIsSentUnlessAskedFor() throws IOException {
        String now = client.configMaps().inNamespace(namespace).list().getMetadata().getResourceVersion();

        List<JsonNode> events = read("/api/v1/namespaces/" + namespace + "/configmaps?watch=1&resourceVersion="
                + now + "&timeoutSeconds=3", Integer.MAX_VALUE);

        assertThat(events).isEmpty();
    }

    @Test
    void streamingListEndsItsInitialEventsWithAnAnnotatedBookmark() throws IOException {
        client.resource(SampleObjects.configMap(namespace, "first")).create();
        client.resource(SampleObjects.configMap(namespace, "second")).create();

        List<JsonNode> events = read("/api/v1/namespaces/" + namespace + "/configmaps?watch=1"
                + "&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true"
                + "&timeoutSeconds=10", 3);

        assertThat(events).hasSize(3);
        assertThat(events.subList(0, 2)).extracting(e -> e.path("type").asString() + " "
                + e.path("object").path("metadata").path("name").asString())
                .containsExactly("ADDED first", "ADDED second");
        JsonNode end = events.get(2);
        assertThat(end.path("type").asString()).isEqualTo("BOOKMARK");
        assertThat(end.path("object").path("metadata").path("annotations").path("k8s.io/initial-events-end")
                .asString()).isEqualTo("true");
    }

    @Test
    void resourceVersionMatchOnAWatchWithoutInitialEventsIsInvalid() {
        RawResponse answer = raw.get("/api/v1/namespaces/" + namespace + "/configmaps?watch=1&resourceVersion=1"
                + "&resourceVersionMatch=NotOlderThan");

        assertThat(answer.code()).isEqualTo(422);
        assertThat(answer.json().path("message").asString()).isEqualTo("ListOptions.meta.k8s.io \"\" is invalid: "
                + "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless "
                + "sendInitialEvents is provided");
    }

    /** The first {@code max} events of a watch, or all of them if the server ends it (by its timeoutSeconds) first. */
    private List<JsonNode> read(String path, int max) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader lines = raw.stream(path)) {
            while (events.size() < max) {
                String line = lines.readLine();
                if (line == null) {
                    break;
                }
                if (!line.isBlank()) {
                    events.add(RawResponse.parse(line));
                }
            }
        }
        return events;
    }
}
