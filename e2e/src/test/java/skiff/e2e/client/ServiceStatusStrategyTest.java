package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;
import tools.jackson.databind.JsonNode;

/**
 * Writes to services/status (k/k pkg/registry/core/service/strategy.go serviceStatusStrategy and validation.go
 * ValidateLoadBalancerStatus, 1.32): the spec stays as stored and ingress points are validated.
 */
class ServiceStatusStrategyTest {
    private static final String MERGE = "application/merge-patch+json";

    @RegisterExtension
    // Without the servicelb controller, which would put its own ingress points over the ones written here.
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet()
            .disableControllers("servicelb").build();

    private static KubernetesClient client;
    private static RawApi raw;
    private static String namespace;

    @BeforeAll
    static void createNamespace() {
        client = skiff.client();
        raw = new RawApi(client);
        namespace = FreshNamespace.create(client, "service-status");
    }

    @Test
    void onlyALoadBalancerReportsIngressPoints() {
        createService("plain", "ClusterIP");

        RawResponse answer = patchStatus("plain",
                "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"192.0.2.1\"}]}}}");

        assertThat(answer.code()).as(answer.body()).isEqualTo(422);
        JsonNode cause = answer.json().path("details").path("causes").get(0);
        assertThat(cause.path("field").asString()).isEqualTo("status.loadBalancer.ingress");
        assertThat(cause.path("reason").asString()).isEqualTo("FieldValueForbidden");
    }

    @Test
    void anIngressHostnameMayNotBeAnIp() {
        createService("hostname", "LoadBalancer");

        RawResponse answer = patchStatus("hostname",
                "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"hostname\":\"192.0.2.1\"}]}}}");

        assertThat(answer.code()).as(answer.body()).isEqualTo(422);
        assertThat(answer.json().path("details").path("causes").get(0).path("field").asString())
                .isEqualTo("status.loadBalancer.ingress[0].hostname");
    }

    @Test
    void aStatusWriteKeepsTheSpecAndAnIngressIpIsAVip() {
        Service created = createService("lb", "LoadBalancer");

        client.resource(new ServiceBuilder(created)
                .editSpec().withSessionAffinity("ClientIP").endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("192.0.2.7").endIngress()
                .endLoadBalancer().endStatus()
                .build()).updateStatus();

        Service stored = client.services().inNamespace(namespace).withName("lb").get();
        assertThat(stored.getSpec().getSessionAffinity()).isEqualTo("None");
        assertThat(stored.getStatus().getLoadBalancer().getIngress().get(0).getIpMode()).isEqualTo("VIP");
    }

    private static Service createService(String name, String type) {
        return client.resource(new ServiceBuilder().withMetadata(SampleObjects.meta(namespace, name))
                .withNewSpec().withType(type).withSelector(Map.of("app", name)).addNewPort().withPort(80).endPort()
                .endSpec().build()).create();
    }

    private static RawResponse patchStatus(String service, String body) {
        return raw.send("PATCH", "/api/v1/namespaces/" + namespace + "/services/" + service + "/status", MERGE,
                body);
    }
}
