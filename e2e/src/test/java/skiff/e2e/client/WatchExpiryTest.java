package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.BufferedReader;
import java.net.HttpURLConnection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.dns.ClusterDnsOptions;
import skiff.server.SkiffServer;
import skiff.server.SkiffServerOptions;
import skiff.server.StoreKind;
import tools.jackson.databind.JsonNode;
import skiff.testing.TestKubelets;

/**
 * A watch from a revision the server no longer holds events for is told 410 Gone (docs api-concepts "410 Gone
 * responses"). The server here keeps a window of only {@value #WINDOW} events.
 */
class WatchExpiryTest {
    private static final int WINDOW = 20;

    @TempDir
    static Path dataDir;

    private static SkiffServer server;
    private static KubernetesClient client;

    @BeforeAll
    static void startServerWithASmallWatchWindow() {
        server = SkiffServer.start(SkiffServerOptions.defaults(dataDir).withPort(0).withStore(StoreKind.MEMORY)
                .withKubelet(TestKubelets.process())
                .withDns(ClusterDnsOptions.defaults().withListen("127.0.0.1", 0))
                .withWatchCacheEvents(WINDOW)
                // The tests count a namespace's ConfigMaps: no kube-root-ca.crt is published into it.
                .withDisabledControllers(java.util.Set.of("root-ca-cert-publisher")));
        client = server.newClient();
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    @Test
    void watchFromARevisionOlderThanTheWindowEndsWithGone() throws Exception {
        String namespace = FreshNamespace.create(client, "expiry");
        List<String> versions = editManyTimes(namespace, "churn", 2 * WINDOW);

        RecordingWatcher<ConfigMap> watcher = new RecordingWatcher<>();
        try (Watch watch = client.configMaps().inNamespace(namespace).withResourceVersion(versions.getFirst())
                .watch(watcher)) {
            WatcherException gone = watcher.awaitClose();

            assertThat(gone).isNotNull();
            assertThat(gone.isHttpGone()).isTrue();
            assertThat(gone.asClientException().getCode()).isEqualTo(HttpURLConnection.HTTP_GONE);
            assertThat(watcher.events()).isEmpty();
        }
    }

    @Test
    void rawWatchFromAnExpiredRevisionAnswersWithAnExpiredStatusEvent() throws Exception {
        String namespace = FreshNamespace.create(client, "expiry-raw");
        List<String> versions = editManyTimes(namespace, "churn", 2 * WINDOW);

        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader lines = new RawApi(client).stream("/api/v1/namespaces/" + namespace
                + "/configmaps?watch=1&resourceVersion=" + versions.getFirst())) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                events.add(RawResponse.parse(line));
            }
        }

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.path("type").asString()).isEqualTo("ERROR");
            assertThat(e.path("object").path("kind").asString()).isEqualTo("Status");
            assertThat(e.path("object").path("code").asInt()).isEqualTo(410);
            assertThat(e.path("object").path("reason").asString()).isEqualTo("Expired");
        });
    }

    @Test
    void watchFromARevisionInsideTheWindowReplaysTheRest() {
        String namespace = FreshNamespace.create(client, "inside");
        List<String> versions = editManyTimes(namespace, "recent", WINDOW / 2);

        RecordingWatcher<ConfigMap> watcher = new RecordingWatcher<>();
        try (Watch watch = client.configMaps().inNamespace(namespace).withResourceVersion(versions.getFirst())
                .watch(watcher)) {
            List<RecordingWatcher.Event> events = watcher.awaitEvents(versions.size() - 1);

            assertThat(events).extracting(RecordingWatcher.Event::resourceVersion)
                    .containsExactlyElementsOf(versions.subList(1, versions.size()));
        }
    }

    /** Creates a config map and edits it; answers the resourceVersion of each write, oldest first. */
    private static List<String> editManyTimes(String namespace, String name, int edits) {
        List<String> versions = new ArrayList<>();
        versions.add(client.resource(SampleObjects.configMap(namespace, name, Map.of("n", "0"))).create()
                .getMetadata().getResourceVersion());
        Resource<ConfigMap> resource = client.configMaps().inNamespace(namespace).withName(name);
        for (int i = 1; i <= edits; i++) {
            String n = Integer.toString(i);
            versions.add(resource.edit(c -> new ConfigMapBuilder(c).addToData("n", n).build()).getMetadata()
                    .getResourceVersion());
        }
        return versions;
    }
}
