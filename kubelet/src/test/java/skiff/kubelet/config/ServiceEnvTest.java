package skiff.kubelet.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceEnvTest {
    private static final Service MASTER = service("default", "kubernetes", "10.96.0.1", port("https", 443, "TCP"));
    private static final Map<String, String> MASTER_ENV = env(
            "KUBERNETES_SERVICE_HOST", "10.96.0.1",
            "KUBERNETES_SERVICE_PORT", "443",
            "KUBERNETES_SERVICE_PORT_HTTPS", "443",
            "KUBERNETES_PORT", "tcp://10.96.0.1:443",
            "KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443",
            "KUBERNETES_PORT_443_TCP_PROTO", "tcp",
            "KUBERNETES_PORT_443_TCP_PORT", "443",
            "KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("only the master service", List.of(MASTER), "shop", true, MASTER_ENV),
                Arguments.of("a dashed name with an unnamed port", List.of(
                        service("shop", "web-front", "10.96.0.20", port(null, 80, null))), "shop", true, env(
                        "WEB_FRONT_SERVICE_HOST", "10.96.0.20",
                        "WEB_FRONT_SERVICE_PORT", "80",
                        "WEB_FRONT_PORT", "tcp://10.96.0.20:80",
                        "WEB_FRONT_PORT_80_TCP", "tcp://10.96.0.20:80",
                        "WEB_FRONT_PORT_80_TCP_PROTO", "tcp",
                        "WEB_FRONT_PORT_80_TCP_PORT", "80",
                        "WEB_FRONT_PORT_80_TCP_ADDR", "10.96.0.20")),
                Arguments.of("several ports, one UDP: the first is SERVICE_PORT and NAME_PORT", List.of(
                        service("shop", "dns", "10.96.0.10", port("dns-udp", 53, "UDP"), port("metrics", 9153,
                                "TCP"))), "shop", true, env(
                        "DNS_SERVICE_HOST", "10.96.0.10",
                        "DNS_SERVICE_PORT", "53",
                        "DNS_SERVICE_PORT_DNS_UDP", "53",
                        "DNS_SERVICE_PORT_METRICS", "9153",
                        "DNS_PORT", "udp://10.96.0.10:53",
                        "DNS_PORT_53_UDP", "udp://10.96.0.10:53",
                        "DNS_PORT_53_UDP_PROTO", "udp",
                        "DNS_PORT_53_UDP_PORT", "53",
                        "DNS_PORT_53_UDP_ADDR", "10.96.0.10",
                        "DNS_PORT_9153_TCP", "tcp://10.96.0.10:9153",
                        "DNS_PORT_9153_TCP_PROTO", "tcp",
                        "DNS_PORT_9153_TCP_PORT", "9153",
                        "DNS_PORT_9153_TCP_ADDR", "10.96.0.10")),
                Arguments.of("headless and ExternalName services and other namespaces' are skipped", List.of(
                        service("shop", "headless", "None", port("http", 80, "TCP")),
                        service("shop", "external", null, port("http", 80, "TCP")),
                        service("other", "db", "10.96.0.30", port("sql", 5432, "TCP")),
                        service("default", "web", "10.96.0.31", port("http", 80, "TCP")), MASTER), "shop", true,
                        MASTER_ENV),
                Arguments.of("without service links only the master service's", List.of(MASTER,
                        service("shop", "db", "10.96.0.30", port("sql", 5432, "TCP"))), "shop", false, MASTER_ENV),
                Arguments.of("a namespace's own kubernetes service replaces the master one", List.of(MASTER,
                        service("shop", "kubernetes", "10.96.0.40", port(null, 8080, "SCTP"))), "shop", true, env(
                        "KUBERNETES_SERVICE_HOST", "10.96.0.40",
                        "KUBERNETES_SERVICE_PORT", "8080",
                        "KUBERNETES_PORT", "sctp://10.96.0.40:8080",
                        "KUBERNETES_PORT_8080_SCTP", "sctp://10.96.0.40:8080",
                        "KUBERNETES_PORT_8080_SCTP_PROTO", "sctp",
                        "KUBERNETES_PORT_8080_SCTP_PORT", "8080",
                        "KUBERNETES_PORT_8080_SCTP_ADDR", "10.96.0.40")),
                Arguments.of("an IPv6 cluster IP is bracketed in URLs", List.of(
                        service("shop", "v6", "fd00::5", port(null, 80, "TCP"))), "shop", true, env(
                        "V6_SERVICE_HOST", "fd00::5",
                        "V6_SERVICE_PORT", "80",
                        "V6_PORT", "tcp://[fd00::5]:80",
                        "V6_PORT_80_TCP", "tcp://[fd00::5]:80",
                        "V6_PORT_80_TCP_PROTO", "tcp",
                        "V6_PORT_80_TCP_PORT", "80",
                        "V6_PORT_80_TCP_ADDR", "fd00::5")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void variables(String description, List<Service> services, String namespace, boolean links,
            Map<String, String> expected) {
        assertThat(ServiceEnv.of(services, namespace, links)).containsExactlyInAnyOrderEntriesOf(expected);
    }

    private static Service service(String namespace, String name, String clusterIp, ServicePort... ports) {
        return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType(clusterIp == null ? "ExternalName" : "ClusterIP").withClusterIP(clusterIp)
                .withPorts(ports).endSpec().build();
    }

    private static ServicePort port(String name, int port, String protocol) {
        return new ServicePortBuilder().withName(name).withPort(port).withProtocol(protocol).build();
    }

    private static Map<String, String> env(String... keysAndValues) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return env;
    }
}
