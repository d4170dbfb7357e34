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

class ServiceValidationTest {

    record Case(String name, String spec, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case svc(String name, String spec, String... errors) {
        return new Case(name, spec, List.of(errors));
    }

    static Stream<Case> cases() {
        return Stream.of(
                svc("a plain service is valid", "{\"clusterIP\":\"10.43.0.9\",\"clusterIPs\":[\"10.43.0.9\"],"
                        + "\"ports\":[{\"port\":80,\"targetPort\":\"http\"}]}"),
                svc("ports are required", "{}", "spec.ports: Required value"),
                svc("a headless service needs no ports", "{\"clusterIP\":\"None\",\"clusterIPs\":[\"None\"]}"),
                svc("the port is a port number", "{\"ports\":[{\"port\":0},{\"name\":\"b\",\"port\":70000}]}",
                        "spec.ports[0].name: Required value",
                        "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                        "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
                        "spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
                        "spec.ports[1].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive"),
                svc("a target port name is an IANA service name",
                        "{\"ports\":[{\"port\":80,\"targetPort\":\"Web_1\"}]}",
                        "spec.ports[0].targetPort: Invalid value: \"Web_1\": must contain only alpha-numeric "
                                + "characters (a-z, 0-9), and hyphens (-)"),
                svc("port names are unique", "{\"ports\":[{\"name\":\"a\",\"port\":80},{\"name\":\"a\",\"port\":81}]}",
                        "spec.ports[1].name: Duplicate value: \"a\""),
                svc("a port and protocol appear once", "{\"ports\":[{\"name\":\"a\",\"port\":80},{\"name\":\"b\","
                        + "\"port\":80}]}", "spec.ports[1]: Duplicate value: {\"Name\":\"\",\"Protocol\":\"TCP\","
                                + "\"AppProtocol\":null,\"Port\":80,\"TargetPort\":0,\"NodePort\":0}"),
                svc("the same port for TCP and UDP is fine", "{\"ports\":[{\"name\":\"a\",\"port\":53},{\"name\":\"b\","
                        + "\"port\":53,\"protocol\":\"UDP\"}]}"),
                svc("the protocol is TCP, UDP or SCTP", "{\"ports\":[{\"port\":80,\"protocol\":\"ICMP\"}]}",
                        "spec.ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", "
                                + "\"UDP\""),
                svc("selector labels are labels", "{\"selector\":{\"app\":\"-x\"},\"ports\":[{\"port\":80}]}",
                        "spec.selector: Invalid value: \"-x\": a valid label must be an empty string or consist of "
                                + "alphanumeric characters, '-', '_' or '.', and must start and end with an "
                                + "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
                                + "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
                svc("an ExternalName service needs a DNS name", "{\"type\":\"ExternalName\",\"externalName\":\"a_b\"}",
                        "spec.externalName: Invalid value: \"a_b\": a lowercase RFC 1123 subdomain must consist of "
                                + "lower case alphanumeric characters, '-' or '.', and must start and end with an "
                                + "alphanumeric character (e.g. 'example.com', regex used for validation is "
                                + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
                svc("an ExternalName service has no cluster IP", "{\"type\":\"ExternalName\",\"externalName\":"
                        + "\"example.com.\",\"clusterIP\":\"10.43.0.5\",\"clusterIPs\":[\"10.43.0.5\"]}",
                        "spec.clusterIPs: Forbidden: may not be set for ExternalName services"),
                svc("an ExternalName service names its target", "{\"type\":\"ExternalName\"}",
                        "spec.externalName: Required value"),
                svc("a NodePort service is not headless", "{\"type\":\"NodePort\",\"clusterIP\":\"None\","
                        + "\"clusterIPs\":[\"None\"],\"ports\":[{\"port\":80}]}",
                        "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"),
                svc("a ClusterIP service has no node ports", "{\"ports\":[{\"port\":80,\"nodePort\":30001}]}",
                        "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"),
                svc("the affinity timeout is at most a day", "{\"sessionAffinity\":\"ClientIP\","
                        + "\"sessionAffinityConfig\":{\"clientIP\":{\"timeoutSeconds\":86401}},"
                        + "\"ports\":[{\"port\":80}]}",
                        "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater "
                                + "than 0 and less than 86400"),
                svc("the external traffic policy is for externally reachable services", "{\"externalTrafficPolicy\":"
                        + "\"Local\",\"ports\":[{\"port\":80}]}", "spec.externalTrafficPolicy: Invalid value: "
                                + "\"Local\": may only be set for externally-accessible services"),
                svc("source ranges are CIDRs on load balancers", "{\"type\":\"LoadBalancer\","
                        + "\"loadBalancerSourceRanges\":[\"10.0.0.0/8\",\"nope\"],\"ports\":[{\"port\":80}]}",
                        "spec.LoadBalancerSourceRanges[1]: Invalid value: \"nope\": must be a valid CIDR value, "
                                + "(e.g. 10.9.8.0/24 or 2001:db8::/64)"),
                svc("a load balancer does not expose the kubelet's port", "{\"type\":\"LoadBalancer\","
                        + "\"ports\":[{\"port\":10250}]}", "spec.ports[0]: Invalid value: 10250: may not expose port "
                                + "10250 externally since it is used by kubelet"),
                svc("the type is a known one", "{\"type\":\"Magic\",\"ports\":[{\"port\":80}]}",
                        "spec.type: Unsupported value: \"Magic\": supported values: \"ClusterIP\", \"ExternalName\", "
                                + "\"LoadBalancer\", \"NodePort\""),
                svc("external IPs are not special", "{\"externalIPs\":[\"127.0.0.1\"],\"ports\":[{\"port\":80}]}",
                        "spec.externalIPs[0]: Invalid value: \"127.0.0.1\": may not be in the loopback range "
                                + "(127.0.0.0/8, ::1/128)"),
                svc("clusterIPs follow clusterIP", "{\"clusterIP\":\"10.43.0.9\",\"clusterIPs\":[\"10.43.0.8\"],"
                        + "\"ports\":[{\"port\":80}]}", "spec.clusterIPs: Invalid value: [\"10.43.0.8\"]: first value "
                                + "must match `clusterIP`"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesServicesAsKubernetesDoes(Case c) {
        ObjectNode service = (ObjectNode) Json.parse(("{\"metadata\":{\"name\":\"web\",\"namespace\":\"default\"},"
                + "\"spec\":" + c.spec() + "}").getBytes(StandardCharsets.UTF_8));
        ServiceDefaults.apply(service);
        assertThat(ServiceValidation.validate(service)).extracting(FieldError::fullMessage)
                .containsExactlyElementsOf(c.errors());
    }
}
