package skiff.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    private final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final Registries registries;
    private final KubernetesServiceController controller;

    KubernetesServiceControllerTest() {
        cache.start();
        registries = new Registries(BuiltinResources.catalog(), store, cache, clock, Set.of(), allocators);
        controller = server("192.0.2.5");
    }

    /** Another server's controller on the same store, as each of several servers on one etcd runs its own. */
    private KubernetesServiceController server(String advertiseAddress) {
        return new KubernetesServiceController(registries, new ApiServerLeases(store, clock, ApiServerLeases.TTL),
                "10.96.0.1", advertiseAddress, 6443);
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
    void createsTheServiceAndItsEndpointsOnTheFirstReconcileAndRewritesNoneOfThemWhenAllIsInPlace() {
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
        List<String> versions = resourceVersions();

        controller.reconcile();

        assertThat(resourceVersions()).isEqualTo(versions);
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

    @Test
    void theEndpointsListEveryLiveServerInOrderAndTheSliceToo() {
        createDefaultNamespace();
        KubernetesServiceController second = server("192.0.2.3");
        controller.reconcile();
        second.reconcile();

        assertThat(endpointAddresses()).containsExactly("192.0.2.3", "192.0.2.5");
        assertThat(sliceAddresses()).containsExactly("192.0.2.3", "192.0.2.5");
        controller.reconcile();
        assertThat(endpointAddresses()).containsExactly("192.0.2.3", "192.0.2.5");
    }

    @Test
    void aServerThatStopsCleanlyLeavesTheEndpointsAtOnceAndTheLastOneLeavesItsAddress() {
        createDefaultNamespace();
        KubernetesServiceController second = server("192.0.2.3");
        controller.reconcile();
        second.reconcile();

        second.close();

        assertThat(endpointAddresses()).containsExactly("192.0.2.5");
        assertThat(sliceAddresses()).containsExactly("192.0.2.5");
        controller.close();
        assertThat(endpointAddresses()).containsExactly("192.0.2.5");
    }

    @Test
    void aServerThatDiedLeavesTheEndpointsOnceItsLeaseIsUnrenewedForTheTtl() {
        createDefaultNamespace();
        KubernetesServiceController dead = server("192.0.2.3");
        controller.reconcile();
        dead.reconcile();

        // The survivor reconciles on; the dead server's lease keeps the revision the survivor first saw.
        clock.advance(KubernetesServiceController.INTERVAL);
        controller.reconcile();
        clock.advance(ApiServerLeases.TTL.minusSeconds(1));
        controller.reconcile();
        assertThat(endpointAddresses()).containsExactly("192.0.2.3", "192.0.2.5");
        clock.advance(Duration.ofSeconds(1));
        controller.reconcile();

        assertThat(endpointAddresses()).containsExactly("192.0.2.5");
        assertThat(sliceAddresses()).containsExactly("192.0.2.5");
        assertThat(store.get(ApiServerLeases.PREFIX + "192.0.2.3")).isEmpty();
        // A server renewing in time stays, however long it runs.
        clock.advance(ApiServerLeases.TTL);
        controller.reconcile();
        assertThat(endpointAddresses()).containsExactly("192.0.2.5");
    }

    private List<String> resourceVersions() {
        return List.of(storage("", "services"), storage("", "endpoints"), storage("discovery.k8s.io",
                "endpointslices")).stream().map(r -> r.get("default", "kubernetes").path("metadata")
                .path("resourceVersion").asString()).toList();
    }

    private List<String> endpointAddresses() {
        return storage("", "endpoints").get("default", "kubernetes").path("subsets").get(0).path("addresses")
                .valueStream().map(a -> a.path("ip").asString()).toList();
    }

    private List<String> sliceAddresses() {
        return storage("discovery.k8s.io", "endpointslices").get("default", "kubernetes").path("endpoints")
                .valueStream().map(e -> e.path("addresses").get(0).asString()).toList();
    }

    private void createDefaultNamespace() {
        registries.namespaces().create(null, (ObjectNode) Json.parse(
                "{\"metadata\":{\"name\":\"default\"}}".getBytes(StandardCharsets.UTF_8)), WriteOptions.DEFAULT);
    }

    private ResourceStorage storage(String group, String resource) {
        return registries.forResource(registries.catalog().find(group, "v1", resource).orElseThrow());
    }
}
