package skiff.apiserver.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

class ServiceAllocationRepairTest {
    private final ServiceAllocators allocators = new ServiceAllocators(ServiceNetwork.defaults(), new Random(1));
    private final ServiceAllocationRepair repair = new ServiceAllocationRepair(allocators);

    @Test
    void aRestartTakesBackWhatTheStoredServicesHold() {
        repair.restore(List.of(
                service("web", "NodePort", "10.43.12.7", 30080),
                service("lb", "LoadBalancer", "10.43.12.8", 31000),
                service("name", "ExternalName", null, 0)));
        assertThat(allocators.ips().isAllocated("10.43.12.7")).isTrue();
        assertThat(allocators.ips().isAllocated("10.43.12.8")).isTrue();
        assertThat(allocators.ports().isAllocated(30080)).isTrue();
        assertThat(allocators.ports().isAllocated(31000)).isTrue();
        assertThat(allocators.ips().free()).isEqualTo(65534 - 2);
    }

    @Test
    void aLeakedValueIsGivenBackOnTheThirdPassThatFindsItUnused() {
        allocators.ips().allocate("10.43.40.40");
        allocators.ports().allocate(30500);
        repair.runOnce(List.of());
        repair.runOnce(List.of());
        assertThat(allocators.ips().isAllocated("10.43.40.40")).isTrue();
        assertThat(allocators.ports().isAllocated(30500)).isTrue();
        repair.runOnce(List.of());
        assertThat(allocators.ips().isAllocated("10.43.40.40")).isFalse();
        assertThat(allocators.ports().isAllocated(30500)).isFalse();
    }

    @Test
    void aValueUsedAgainBeforeCleanUpIsNoLongerALeak() {
        allocators.ips().allocate("10.43.40.41");
        repair.runOnce(List.of());
        repair.runOnce(List.of());
        repair.runOnce(List.of(service("web", "ClusterIP", "10.43.40.41", 0)));
        repair.runOnce(List.of());
        assertThat(allocators.ips().isAllocated("10.43.40.41")).isTrue();
    }

    @Test
    void aServiceHoldingAValueTheAllocatorLostGetsItBackAndDuplicatesAreKeptOnce() {
        repair.runOnce(List.of(service("a", "NodePort", "10.43.50.1", 30001),
                service("b", "NodePort", "10.43.50.1", 30001),
                service("out", "ClusterIP", "10.0.0.1", 0)));
        assertThat(allocators.ips().isAllocated("10.43.50.1")).isTrue();
        assertThat(allocators.ports().isAllocated(30001)).isTrue();
        assertThat(allocators.ips().free()).isEqualTo(65534 - 1);
    }

    private static ObjectNode service(String name, String type, String ip, int nodePort) {
        ObjectNode svc = (ObjectNode) Json.parse(("{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\"},"
                + "\"spec\":{\"type\":\"" + type + "\",\"ports\":[{\"port\":80}]}}").getBytes(StandardCharsets.UTF_8));
        if (ip != null) {
            svc.withObject("spec").put("clusterIP", ip).putArray("clusterIPs").add(ip);
        }
        if (nodePort != 0) {
            ((ObjectNode) svc.path("spec").path("ports").get(0)).put("nodePort", nodePort);
        }
        return svc;
    }
}
