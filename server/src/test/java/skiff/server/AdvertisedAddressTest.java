package skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A server bound to loopback answers on the address its kubernetes Service's endpoints name, where pods reach it,
 * with a serving certificate naming that address.
 * Traffic goes only to an address the routing table calls local.
 */
class AdvertisedAddressTest {
    @Test
    void theKubernetesEndpointsAddressAnswersTheApi() throws Exception {
        try (SkiffServer server = SkiffServer.startTemporary(StoreKind.MEMORY,
                o -> o.withKubelet(KubeletOptions.disabled()));
                KubernetesClient admin = server.newClient()) {
            Endpoints endpoints = await().atMost(Duration.ofSeconds(30)).until(
                    () -> admin.endpoints().inNamespace("default").withName("kubernetes").get(),
                    e -> e != null && e.getSubsets() != null && !e.getSubsets().isEmpty());
            String ip = endpoints.getSubsets().getFirst().getAddresses().getFirst().getIp();
            int port = endpoints.getSubsets().getFirst().getPorts().getFirst().getPort();
            assumeFalse(ip.startsWith("127."), "no default route: the advertised address is loopback");
            assumeTrue(routedLocally(ip), ip + " is not a local address");

            try (KubernetesClient there = new KubernetesClientBuilder().withConfig(new ConfigBuilder(
                    server.clientConfig()).withMasterUrl("https://" + ip + ":" + port).build()).build()) {
                assertThat(there.getKubernetesVersion().getMajor()).isEqualTo("1");
            }
        }
    }

    private static boolean routedLocally(String ip) throws IOException, InterruptedException {
        Process route = new ProcessBuilder("ip", "route", "get", ip).redirectErrorStream(true).start();
        String out = new String(route.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return route.waitFor() == 0 && out.startsWith("local ");
    }
}
