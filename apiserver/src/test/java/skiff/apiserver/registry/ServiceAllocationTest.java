package skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.apiserver.service.ServiceAllocators;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Services' cluster IPs and node ports through the registry's create, update and delete (k/k service storage). */
class ServiceAllocationTest {
    private final TestCluster cluster = new TestCluster();
    private final ResourceStorage services = cluster.storage("", "services");
    private final ServiceAllocators allocators = cluster.registries.serviceAllocators();

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aClusterIpServiceGetsAnAddressOfTheRangeAndSingleStackIpv4() {
        JsonNode spec = create("{\"metadata\":{\"name\":\"web\"},\"spec\":{\"ports\":[{\"port\":80}]}}").path("spec");
        String ip = spec.path("clusterIP").asString();
        assertThat(ip).startsWith("10.43.");
        assertThat(spec.path("clusterIPs").toString()).isEqualTo("[\"" + ip + "\"]");
        assertThat(spec.path("ipFamilies").toString()).isEqualTo("[\"IPv4\"]");
        assertThat(spec.path("ipFamilyPolicy").asString()).isEqualTo("SingleStack");
        assertThat(allocators.ips().isAllocated(ip)).isTrue();
    }

    @Test
    void aRequestedIpIsHonouredOnceAndOutOfRangeOrTakenOnesAreRefused() {
        create("{\"metadata\":{\"name\":\"a\"},\"spec\":{\"clusterIP\":\"10.43.0.50\",\"ports\":[{\"port\":80}]}}");
        assertInvalid("{\"metadata\":{\"name\":\"b\"},\"spec\":{\"clusterIP\":\"10.43.0.50\","
                + "\"ports\":[{\"port\":80}]}}",
                "Service \"b\" is invalid: spec.clusterIPs: Invalid value: [\"10.43.0.50\"]: failed to allocate IP "
                        + "10.43.0.50: provided IP is already allocated");
        assertInvalid("{\"metadata\":{\"name\":\"c\"},\"spec\":{\"clusterIP\":\"10.0.0.1\",\"ports\":[{\"port\":80}]}}",
                "Service \"c\" is invalid: spec.clusterIPs: Invalid value: [\"10.0.0.1\"]: failed to allocate IP "
                        + "10.0.0.1: the provided IP (10.0.0.1) is not in the valid range. The range of valid IPs is "
                        + "10.43.0.0/16");
        assertInvalid("{\"metadata\":{\"name\":\"d\"},\"spec\":{\"clusterIP\":\"fd00::1\",\"ports\":[{\"port\":80}]}}",
                "Service \"d\" is invalid: spec.clusterIPs[0]: Invalid value: [\"fd00::1\"]: IPv6 is not configured "
                        + "on this cluster");
        assertInvalid("{\"metadata\":{\"name\":\"e\"},\"spec\":{\"ipFamilies\":[\"IPv6\"],\"ports\":[{\"port\":80}]}}",
                "Service \"e\" is invalid: spec.ipFamilies[0]: Invalid value: \"IPv6\": not configured on this "
                        + "cluster");
        assertInvalid("{\"metadata\":{\"name\":\"f\"},\"spec\":{\"ipFamilyPolicy\":\"RequireDualStack\","
                + "\"ports\":[{\"port\":80}]}}", "Service \"f\" is invalid: spec.ipFamilyPolicy: Invalid value: "
                        + "\"RequireDualStack\": this cluster is not configured for dual-stack services");
        assertInvalid("{\"metadata\":{\"name\":\"g\"},\"spec\":{\"clusterIP\":\"banana\",\"ports\":[{\"port\":80}]}}",
                "Service \"g\" is invalid: spec.clusterIPs[0]: Invalid value: \"banana\": must be a valid IP address, "
                        + "(e.g. 10.9.8.7 or 2001:db8::ffff)");
    }

    @Test
    void headlessAndExternalNameServicesTakeNoAddress() {
        int free = allocators.ips().free();
        JsonNode headless = create("{\"metadata\":{\"name\":\"db\"},\"spec\":{\"clusterIP\":\"None\","
                + "\"selector\":{\"app\":\"db\"},\"ports\":[{\"port\":5432}]}}").path("spec");
        assertThat(headless.path("clusterIPs").toString()).isEqualTo("[\"None\"]");
        assertThat(headless.path("ipFamilies").toString()).isEqualTo("[\"IPv4\"]");
        JsonNode name = create("{\"metadata\":{\"name\":\"ext\"},\"spec\":{\"type\":\"ExternalName\","
                + "\"externalName\":\"example.com\"}}").path("spec");
        assertThat(name.has("clusterIP")).isFalse();
        assertThat(allocators.ips().free()).isEqualTo(free);
    }

    @Test
    void nodePortsAreAllocatedSharedByOneNumberForTcpAndUdpAndNeverTwice() {
        JsonNode ports = create("{\"metadata\":{\"name\":\"dns\"},\"spec\":{\"type\":\"NodePort\",\"ports\":["
                + "{\"name\":\"tcp\",\"port\":53,\"protocol\":\"TCP\"},{\"name\":\"udp\",\"port\":53,"
                + "\"protocol\":\"UDP\"},{\"name\":\"web\",\"port\":80,\"nodePort\":30080}]}}")
                .path("spec").path("ports");
        int shared = ports.get(0).path("nodePort").asInt();
        assertThat(shared).isBetween(30000, 32767);
        assertThat(ports.get(1).path("nodePort").asInt()).isEqualTo(shared);
        assertThat(ports.get(2).path("nodePort").asInt()).isEqualTo(30080);
        assertInvalid("{\"metadata\":{\"name\":\"two\"},\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,"
                + "\"nodePort\":30080}]}}", "Service \"two\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: "
                        + "provided port is already allocated");
        assertInvalid("{\"metadata\":{\"name\":\"out\"},\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,"
                + "\"nodePort\":8080}]}}", "Service \"out\" is invalid: spec.ports[0].nodePort: Invalid value: 8080: "
                        + "provided port is not in the valid range. The range of valid ports is 30000-32767");
    }

    @Test
    void aClusterIpServiceAskingForANodePortIsRefusedForItsTypeNotForThePort() {
        create("{\"metadata\":{\"name\":\"np\"},\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,"
                + "\"nodePort\":30070}]}}");
        assertInvalid("{\"metadata\":{\"name\":\"cip\"},\"spec\":{\"ports\":[{\"port\":80,\"nodePort\":30070}]}}",
                "Service \"cip\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is "
                        + "'ClusterIP'");
    }

    @Test
    void aLoadBalancerWithLocalTrafficGetsAHealthCheckPortAndOneWithoutNodePortsGetsNone() {
        JsonNode local = create("{\"metadata\":{\"name\":\"lb\"},\"spec\":{\"type\":\"LoadBalancer\","
                + "\"externalTrafficPolicy\":\"Local\",\"ports\":[{\"port\":80}]}}").path("spec");
        assertThat(local.path("healthCheckNodePort").asInt()).isBetween(30000, 32767);
        assertThat(local.path("allocateLoadBalancerNodePorts").asBoolean()).isTrue();
        JsonNode none = create("{\"metadata\":{\"name\":\"lb2\"},\"spec\":{\"type\":\"LoadBalancer\","
                + "\"allocateLoadBalancerNodePorts\":false,\"ports\":[{\"port\":80}]}}").path("spec");
        assertThat(none.path("ports").get(0).has("nodePort")).isFalse();
        assertThat(none.path("externalTrafficPolicy").asString()).isEqualTo("Cluster");
    }

    @Test
    void aFailedCreateGivesBackWhatItTook() {
        int freeIps = allocators.ips().free();
        int freePorts = allocators.ports().free();
        assertThatThrownBy(() -> create("{\"metadata\":{\"name\":\"bad\"},\"spec\":{\"type\":\"NodePort\","
                + "\"clusterIP\":\"10.43.0.60\",\"ports\":[{\"port\":80,\"nodePort\":30090,\"protocol\":\"XTP\"}]}}"))
                .isInstanceOf(StatusException.class);
        create("{\"metadata\":{\"name\":\"taken\"},\"spec\":{\"ports\":[{\"port\":80}]}}");
        assertThatThrownBy(() -> create("{\"metadata\":{\"name\":\"taken\"},\"spec\":{\"type\":\"NodePort\","
                + "\"ports\":[{\"port\":80,\"nodePort\":30091}]}}")).hasMessageContaining("already exists");
        assertThat(allocators.ips().free()).isEqualTo(freeIps - 1);
        assertThat(allocators.ports().free()).isEqualTo(freePorts);
    }

    @Test
    void aDeleteGivesTheAddressAndPortsBackAndTakesTheEndpointsAlong() {
        JsonNode spec = create("{\"metadata\":{\"name\":\"web\"},\"spec\":{\"type\":\"NodePort\","
                + "\"ports\":[{\"port\":80,\"nodePort\":30100}]}}").path("spec");
        ResourceStorage endpoints = cluster.storage("", "endpoints");
        endpoints.create("default", TestCluster.json("{\"metadata\":{\"name\":\"web\"}}"), WriteOptions.DEFAULT);
        services.delete("default", "web", DeleteOptions.DEFAULT);
        assertThat(endpoints.find("default", "web")).isEmpty();
        assertThat(allocators.ips().isAllocated(spec.path("clusterIP").asString())).isFalse();
        assertThat(allocators.ports().isAllocated(30100)).isFalse();
        create("{\"metadata\":{\"name\":\"again\"},\"spec\":{\"clusterIP\":\"" + spec.path("clusterIP").asString()
                + "\",\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":30100}]}}");
    }

    @Test
    void aServiceHeldByAFinalizerKeepsItsAddressUntilTheFinalizerGoes() {
        JsonNode created = create("{\"metadata\":{\"name\":\"held\",\"finalizers\":[\"example.com/hold\"]},"
                + "\"spec\":{\"ports\":[{\"port\":80}]}}");
        String ip = created.path("spec").path("clusterIP").asString();
        services.delete("default", "held", DeleteOptions.DEFAULT);
        assertThat(allocators.ips().isAllocated(ip)).isTrue();
        services.modify("default", "held", ObjectPart.MAIN, WriteOptions.DEFAULT, current -> {
            current.withObject("metadata").remove("finalizers");
            return current;
        }, null);
        assertThat(services.find("default", "held")).isEmpty();
        assertThat(allocators.ips().isAllocated(ip)).isFalse();
    }

    @Test
    void theClusterIpMayNotChangeAndAnUpdateLeavingItOutKeepsIt() {
        ObjectNode created = create("{\"metadata\":{\"name\":\"web\"},\"spec\":{\"ports\":[{\"port\":80}]}}");
        String ip = created.path("spec").path("clusterIP").asString();
        assertThatThrownBy(() -> update("web", spec -> {
            spec.put("clusterIP", "10.43.0.77");
            spec.putArray("clusterIPs").add("10.43.0.77");
        })).hasMessage("Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: [\"10.43.0.77\"]: may not "
                + "change once set");
        assertThat(allocators.ips().isAllocated("10.43.0.77")).isFalse();
        JsonNode kept = update("web", spec -> {
            spec.remove("clusterIP");
            spec.remove("clusterIPs");
            spec.putObject("selector").put("app", "web");
        });
        assertThat(kept.path("spec").path("clusterIP").asString()).isEqualTo(ip);
    }

    @Test
    void typeChangesTakeAndGiveBackAsTheNewTypeNeeds() {
        ObjectNode created = create("{\"metadata\":{\"name\":\"web\"},\"spec\":{\"ports\":[{\"port\":80}]}}");
        String ip = created.path("spec").path("clusterIP").asString();
        JsonNode nodePort = update("web", spec -> spec.put("type", "NodePort")).path("spec");
        int port = nodePort.path("ports").get(0).path("nodePort").asInt();
        assertThat(allocators.ports().isAllocated(port)).isTrue();
        JsonNode lb = update("web", spec -> spec.put("type", "LoadBalancer")).path("spec");
        assertThat(lb.path("ports").get(0).path("nodePort").asInt()).isEqualTo(port);
        JsonNode back = update("web", spec -> spec.put("type", "ClusterIP")).path("spec");
        assertThat(back.path("ports").get(0).has("nodePort")).isFalse();
        assertThat(back.has("allocateLoadBalancerNodePorts")).isFalse();
        assertThat(back.has("externalTrafficPolicy")).isFalse();
        assertThat(allocators.ports().isAllocated(port)).isFalse();
        JsonNode external = update("web", spec -> {
            spec.put("type", "ExternalName");
            spec.put("externalName", "example.com");
        }).path("spec");
        assertThat(external.has("clusterIP")).isFalse();
        assertThat(allocators.ips().isAllocated(ip)).isFalse();
        JsonNode again = update("web", spec -> {
            spec.put("type", "ClusterIP");
            spec.remove("externalName");
        }).path("spec");
        assertThat(allocators.ips().isAllocated(again.path("clusterIP").asString())).isTrue();
    }

    @Test
    void aDryRunTakesNothing() {
        int free = allocators.ips().free();
        JsonNode spec = services.create("default", TestCluster.json("{\"metadata\":{\"name\":\"dry\"},\"spec\":{"
                + "\"type\":\"NodePort\",\"ports\":[{\"port\":80}]}}"), new WriteOptions(true, null)).path("spec");
        assertThat(spec.path("clusterIP").asString()).startsWith("10.43.");
        assertThat(allocators.ips().free()).isEqualTo(free);
        assertThat(allocators.ports().isAllocated(spec.path("ports").get(0).path("nodePort").asInt())).isFalse();
    }

    @Test
    void ofTwoConcurrentCreatesAskingForTheSameIpExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String ip = "10.43.1." + (10 + round);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    String body = "{\"metadata\":{\"name\":\"r" + round + "-" + i + "\"},\"spec\":{\"clusterIP\":\""
                            + ip + "\",\"ports\":[{\"port\":80}]}}";
                    Callable<Boolean> attempt = () -> {
                        try {
                            create(body);
                            return true;
                        } catch (StatusException e) {
                            return false;
                        }
                    };
                    results.add(pool.submit(attempt));
                }
                assertThat(results.get(0).get() ^ results.get(1).get()).as("one of two wins " + ip).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private ObjectNode create(String body) {
        return services.create("default", TestCluster.json(body), WriteOptions.DEFAULT);
    }

    private ObjectNode update(String name, java.util.function.Consumer<ObjectNode> change) {
        return services.modify("default", name, ObjectPart.MAIN, WriteOptions.DEFAULT, current -> {
            change.accept(current.withObject("spec"));
            return current;
        }, null).object();
    }

    private void assertInvalid(String body, String message) {
        assertThatThrownBy(() -> create(body)).isInstanceOfSatisfying(StatusException.class, e -> {
            assertThat(e.code()).isEqualTo(422);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
