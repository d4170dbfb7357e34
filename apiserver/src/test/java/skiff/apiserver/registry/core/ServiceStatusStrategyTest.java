package skiff.apiserver.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import tools.jackson.databind.node.ObjectNode;

class ServiceStatusStrategyTest {

    record Case(String name, String type, String ingress, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case svc(String name, String type, String ingress, String... errors) {
        return new Case(name, type, ingress, List.of(errors));
    }

    static Stream<Case> cases() {
        return Stream.of(
                svc("a load balancer's IP and hostname are valid", "LoadBalancer",
                        "[{\"ip\":\"192.0.2.10\"},{\"hostname\":\"lb.example.com\"},{\"ip\":\"2001:db8::1\"}]"),
                svc("an IP gets the VIP mode, and Proxy is supported too", "LoadBalancer",
                        "[{\"ip\":\"192.0.2.10\",\"ipMode\":\"Proxy\"}]"),
                svc("only load balancers have ingress points", "ClusterIP", "[{\"ip\":\"192.0.2.10\"}]",
                        "status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'"),
                svc("other types may report none", "ClusterIP", "[]"),
                svc("the IP must be an IP", "LoadBalancer", "[{\"ip\":\"300.0.0.1\"}]",
                        "status.loadBalancer.ingress[0].ip: Invalid value: \"300.0.0.1\": must be a valid IP "
                                + "address, (e.g. 10.9.8.7 or 2001:db8::ffff)"),
                svc("a mode needs an IP", "LoadBalancer", "[{\"hostname\":\"lb.example.com\",\"ipMode\":\"VIP\"}]",
                        "status.loadBalancer.ingress[0].ipMode: Forbidden: may not be specified when `ip` is not set"),
                svc("the mode is VIP or Proxy", "LoadBalancer", "[{\"ip\":\"192.0.2.10\",\"ipMode\":\"Direct\"}]",
                        "status.loadBalancer.ingress[0].ipMode: Unsupported value: \"Direct\": supported values: "
                                + "\"Proxy\", \"VIP\""),
                svc("the hostname is a DNS name, not an IP", "LoadBalancer", "[{\"hostname\":\"192.0.2.10\"}]",
                        "status.loadBalancer.ingress[0].hostname: Invalid value: \"192.0.2.10\": must be a DNS "
                                + "name, not an IP address"),
                svc("the hostname is a DNS subdomain", "LoadBalancer", "[{\"hostname\":\"Not_A_Host\"}]",
                        "status.loadBalancer.ingress[0].hostname: Invalid value: \"Not_A_Host\": a lowercase RFC "
                                + "1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                                + "and must start and end with an alphanumeric character (e.g. 'example.com', "
                                + "regex used for validation is "
                                + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesServiceStatusWritesAsKubernetesDoes(Case c) {
        ObjectNode old = parse("{\"metadata\":{\"name\":\"web\"},\"spec\":{\"type\":\"" + c.type()
                + "\",\"ports\":[{\"port\":80}]},\"status\":{\"loadBalancer\":{}}}");
        ServiceDefaults.apply(old);
        ObjectNode updated = old.deepCopy();
        updated.withObject("status").withObject("loadBalancer")
                .set("ingress", Json.parse(c.ingress().getBytes(StandardCharsets.UTF_8)));
        updated.withObject("spec").put("type", "LoadBalancer");
        ServiceDefaults.apply(updated);
        ServiceStatusStrategy.INSTANCE.prepareForUpdate(updated, old);

        List<FieldError> errors = ServiceStatusStrategy.INSTANCE.validateUpdate(updated, old);

        assertThat(errors).extracting(FieldError::fullMessage).containsExactlyElementsOf(c.errors());
        assertThat(updated.get("spec")).as("the spec stays as stored").isEqualTo(old.get("spec"));
    }

    private static ObjectNode parse(String json) {
        return (ObjectNode) Json.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
