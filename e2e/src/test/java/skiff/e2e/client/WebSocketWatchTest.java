package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;
import tools.jackson.databind.JsonNode;

/**
 * Watches asked for with a WebSocket upgrade, as fabric8 asks by default (k/k apiserver endpoints/handlers/watch.go
 * HandleWS): one text message per event; a request that fails before the upgrade is refused with its status code.
 */
class WebSocketWatchTest {
    // The tests count a namespace's ConfigMaps: no kube-root-ca.crt is published into it.
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory()
            .disableControllers("root-ca-cert-publisher").build();

    private final KubernetesClient client = skiff.client();
    private final String namespace = FreshNamespace.create(client, "websocket");

    @Test
    void eachWatchEventIsOneTextMessage() throws Exception {
        String start = client.configMaps().inNamespace(namespace).list().getMetadata().getResourceVersion();
        ConfigMap first = client.resource(SampleObjects.configMap(namespace, "first")).create();
        client.resource(SampleObjects.configMap(namespace, "second")).create();
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();

        WebSocket socket = open("/api/v1/namespaces/" + namespace + "/configmaps?watch=1&resourceVersion=" + start,
                new WebSocket.Listener() {
                    @Override
                    public void onMessage(WebSocket webSocket, String text) {
                        messages.add(text);
                        webSocket.request();
                    }
                }).get(20, TimeUnit.SECONDS);
        try {
            socket.request();
            JsonNode one = RawResponse.parse(messages.poll(20, TimeUnit.SECONDS));
            JsonNode two = RawResponse.parse(messages.poll(20, TimeUnit.SECONDS));

            assertThat(one.path("type").asString()).isEqualTo("ADDED");
            assertThat(one.path("object").path("metadata").path("name").asString()).isEqualTo("first");
            assertThat(one.path("object").path("metadata").path("resourceVersion").asString())
                    .isEqualTo(first.getMetadata().getResourceVersion());
            assertThat(two.path("object").path("metadata").path("name").asString()).isEqualTo("second");
        } finally {
            socket.sendClose(1000, "done");
        }
    }

    @Test
    void upgradeWithoutAValidTokenIsRefusedAsUnauthorized() {
        try (KubernetesClient stranger = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(skiff.config()).withOauthToken("not-the-admin-token").build()).build()) {
            assertThatThrownBy(() -> stranger.configMaps().inNamespace(namespace).watch(new RecordingWatcher<>()))
                    .isInstanceOfSatisfying(KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(401));
        }
    }

    @Test
    void upgradeWithAMalformedSelectorIsRefusedAsBadRequest() {
        assertThatThrownBy(() -> client.configMaps().inNamespace(namespace).withLabelSelector("app in (web")
                .watch(new RecordingWatcher<>()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
    }

    @Test
    void upgradeToAnUnservedSubresourceIsNotFound() {
        client.resource(SampleObjects.pod(namespace, "shell")).create();

        assertThatThrownBy(() -> open("/api/v1/namespaces/" + namespace + "/pods/shell/proxy",
                new WebSocket.Listener() {}).get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().code()).isEqualTo(404));
    }

    private java.util.concurrent.CompletableFuture<WebSocket> open(String path, WebSocket.Listener listener) {
        String base = client.getMasterUrl().toString().replaceAll("/$", "");
        return client.getHttpClient().newWebSocketBuilder().uri(URI.create(base + path)).buildAsync(listener);
    }
}
