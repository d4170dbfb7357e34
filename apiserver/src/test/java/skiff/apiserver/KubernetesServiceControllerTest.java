package skiff.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import skiff.api.time.FakeClock;
import skiff.apiserver.cache.WatchCache;
import skiff.apiserver.registry.DeleteOptions;
import skiff.apiserver.registry.Registries;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.WriteOptions;
import skiff.apiserver.resource.BuiltinResources;
import skiff.apiserver.service.ServiceAllocators;
import skiff.apiserver.service.ServiceNetwork;
import skiff.store.memory.MemoryKeyValueStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class KubernetesServiceControllerTest {
    private final MemoryKeyValueStore store = new MemoryKeyValueStore();
    private final WatchCache cache = new WatchCache(store, 1000);
    private final ServiceAllocators allocators = new ServiceAllocators(ServiceNetwork.of("10.96.0.0/12",
            "30000-32767"));
    private final Registries registries;
    private final KubernetesServiceController controller;

    KubernetesServiceControllerTest() {
        cache.start();
        registries = new Registries(BuiltinResources.catalog(), store, cache,
                new FakeClock(Instant.parse("2026-03-01T10:00:00Z")), Set.of(), allocators);
        controller = new KubernetesServiceController(registries, "10.96.0.1", "192.0.2.5", 6443);
    }

    @AfterEach
    void close() {
        cache.close();
        store.close();
    }

    @Test
    void waitsForTheDefaultNamespace() {
        assertThat(controller.reconcile()).isFalse();
        assertThat(storage("", "services").find("default", "kubernetes")).isEmpty();
    }

    @Test
    void createsTheServiceAndItsEndpointsOnTheFirstAddressAndWritesNothingWhenAllIsInPlace() {
        createDefaultNamespace();
        assertThat(controller.reconcile()).isTrue();
        JsonNode service = storage("", "services").get("default", "kubernetes");
        assertThat(service.path("spec").path("clusterIP").asString()).isEqualTo("10.96.0.1");
        assertThat(service.path("spec").path("ports").get(0).path("targetPort").asInt()).isEqualTo(6443);
        assertThat(service.path("spec").has("selector")).isFalse();
        assertThat(allocators.ips().isAllocated("10.96.0.1")).isTrue();
        JsonNode endpoints = storage("", "endpoints").get("default", "kubernetes");
        assertThat(endpoints.path("subsets").get(0).path("addresses").get(0).path("ip").asString())
                .isEqualTo("192.0.2.5");
        JsonNode slice = storage("discovery.k8s.io", "endpointslices").get("default", "kubernetes");
        assertThat(slice.path("metadata").path("labels").path("kubernetes.io/service-name").asString())
                .isEqualTo("kubernetes");
        assertThat(slice.path("metadata").path("labels").has("endpointslice.kubernetes.io/managed-by")).isFalse();
        long revision = store.currentRevision();

        controller.reconcile();

        assertThat(store.currentRevision()).isEqualTo(revision);
    }

    @Test
    void putsBackWhatWasDeletedOrChanged() {
        createDefaultNamespace();
        controller.reconcile();
        storage("discovery.k8s.io", "endpointslices").delete("default", "kubernetes", DeleteOptions.DEFAULT);
        storage("", "services").modify("default", "kubernetes", skiff.apiserver.registry.ObjectPart.MAIN,
                WriteOptions.DEFAULT, s -> {
                    ((ObjectNode) s.withObject("spec").withArray("ports").get(0)).put("port", 8443);
                    return s;
                }, null);

        controller.reconcile();

        assertThat(storage("discovery.k8s.io", "endpointslices").find("default", "kubernetes")).isPresent();
        assertThat(storage("", "services").get("default", "kubernetes").path("spec").path("ports").get(0)
                .path("port").asInt()).isEqualTo(443);
    }

    private void createDefaultNamespace() {
        registries.namespaces().create(null, (ObjectNode) Json.parse(
                "{\"metadata\":{\"name\":\"default\"}}".getBytes(StandardCharsets.UTF_8)), WriteOptions.DEFAULT);
    }

    private ResourceStorage storage(String group, String resource) {
        return registries.forResource(registries.catalog().find(group, "v1", resource).orElseThrow());
    }
}
