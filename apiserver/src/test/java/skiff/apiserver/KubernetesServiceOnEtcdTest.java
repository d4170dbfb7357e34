package skiff.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.apiserver.http.ConnectionLimits;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.WriteOptions;
import skiff.apiserver.security.ClusterCredentials;
import skiff.apiserver.security.IssuedCertificate;
import skiff.apiserver.service.ServiceNetwork;
import skiff.store.KeyValueStore;
import skiff.store.etcd.EtcdExtension;
import skiff.store.etcd.EtcdKeyValueStore;
import skiff.store.etcd.EtcdServer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two API servers on one etcd, each advertising its own loopback address on the same port: the {@code kubernetes}
 * Service's Endpoints and EndpointSlice list both, and a server that stops leaves them at once.
 */
@ExtendWith(EtcdExtension.class)
class KubernetesServiceOnEtcdTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theEndpointsListEveryLiveServerAndDropOneThatStops(EtcdServer etcd) {
        ClusterCredentials credentials = ClusterCredentials.loadOrCreate(dir, Set.of("localhost"),
                Set.of("127.0.0.1", "127.0.0.2", "127.0.0.3"));
        try (KeyValueStore firstStore = open(etcd); KeyValueStore secondStore = open(etcd);
                ApiServer first = start(firstStore, credentials, "127.0.0.2", 0)) {
            first.registries().namespaces().create(null, (ObjectNode) Json.parse(
                    "{\"metadata\":{\"name\":\"default\"}}".getBytes(StandardCharsets.UTF_8)), WriteOptions.DEFAULT);
            try (ApiServer second = start(secondStore, credentials, "127.0.0.3", first.port())) {
                await().atMost(DEADLINE).untilAsserted(() -> {
                    assertThat(endpointAddresses(first)).containsExactly("127.0.0.2", "127.0.0.3");
                    assertThat(sliceAddresses(second)).containsExactly("127.0.0.2", "127.0.0.3");
                });
            }

            await().atMost(DEADLINE).untilAsserted(() -> {
                assertThat(endpointAddresses(first)).containsExactly("127.0.0.2");
                assertThat(sliceAddresses(first)).containsExactly("127.0.0.2");
            });
        }
    }

    private static KeyValueStore open(EtcdServer etcd) {
        return EtcdKeyValueStore.open(etcd.options().withPrefix("/kubernetes-service/registry"), "/registry");
    }

    private static ApiServer start(KeyValueStore store, ClusterCredentials credentials, String address, int port) {
        IssuedCertificate kubeletClient = credentials.issueKubeletClientCertificate();
        return ApiServer.start(new ApiServer.Config(store, credentials.servingCertificatePem(),
                credentials.servingKeyPem(), credentials.adminToken(), address, port, Clock.system(), 1000,
                kubeletClient.certificatePem(), kubeletClient.privateKeyPem(), ConnectionLimits.kubernetesDefaults(),
                ApiServer.Config.DEFAULT_EVENT_TTL, ServiceNetwork.defaults(), address));
    }

    private static List<String> endpointAddresses(ApiServer server) {
        return storage(server, "", "endpoints").get("default", "kubernetes").path("subsets").get(0)
                .path("addresses").valueStream().map(a -> a.path("ip").asString()).toList();
    }

    private static List<String> sliceAddresses(ApiServer server) {
        return storage(server, "discovery.k8s.io", "endpointslices").get("default", "kubernetes")
                .path("endpoints").valueStream().map(e -> e.path("addresses").get(0).asString()).toList();
    }

    private static ResourceStorage storage(ApiServer server, String group, String resource) {
        return server.registries().forResource(server.registries().catalog().find(group, "v1", resource)
                .orElseThrow());
    }
}
