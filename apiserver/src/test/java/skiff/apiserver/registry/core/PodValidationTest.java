package skiff.apiserver.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class PodValidationTest {
    private static final String LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
            + "or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
            + "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    /** A valid pod with one container; each case changes one thing before defaults and validation run. */
    static ObjectNode basePod() {
        ObjectNode pod = Json.object();
        pod.put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", "web").put("namespace", "default");
        ObjectNode container = pod.putObject("spec").putArray("containers").addObject();
        container.put("name", "app").put("image", "nginx:1.27");
        container.putArray("ports").addObject().put("containerPort", 80).put("name", "http");
        return pod;
    }

    record Case(String name, Consumer<ObjectNode> mutation, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case pod(String name, Consumer<ObjectNode> mutation, String... errors) {
        return new Case(name, mutation, List.of(errors));
    }

    static ObjectNode spec(ObjectNode pod) {
        return (ObjectNode) pod.get("spec");
    }

    static ObjectNode container(ObjectNode pod) {
        return (ObjectNode) pod.get("spec").get("containers").get(0);
    }

    static ObjectNode addInit(ObjectNode pod, String name) {
        return spec(pod).withArray("initContainers").addObject().put("name", name).put("image", "busybox:1.36");
    }

    static Stream<Case> cases() {
        return Stream.of(
                pod("a pod with one container is valid", p -> { }),
                pod("a pod without spec needs containers", p -> p.remove("spec"), "spec.containers: Required value"),
                pod("containers are required", p -> spec(p).putArray("containers"), "spec.containers: Required value"),
                pod("a container needs a name", p -> container(p).remove("name"),
                        "spec.containers[0].name: Required value"),
                pod("a container name is a DNS label", p -> container(p).put("name", "App_1"),
                        "spec.containers[0].name: Invalid value: \"App_1\": " + LABEL),
                pod("a container needs an image", p -> container(p).remove("image"),
                        "spec.containers[0].image: Required value"),
                pod("a pod's image may not be padded", p -> container(p).put("image", " nginx"),
                        "spec.containers[0].image: Invalid value: \" nginx\": must not have leading or trailing "
                                + "whitespace"),
                pod("container names are unique", p -> ((ArrayNode) spec(p).get("containers")).addObject()
                        .put("name", "app").put("image", "redis"),
                        "spec.containers[1].name: Duplicate value: \"app\""),
                pod("an init container may not reuse an app container's name", p -> addInit(p, "app"),
                        "spec.initContainers[0].name: Duplicate value: \"app\""),
                pod("init container names are unique among themselves", p -> {
                    addInit(p, "setup");
                    addInit(p, "setup");
                }, "spec.initContainers[1].name: Duplicate value: \"setup\""),
                pod("a container port must be at most 65535", p -> port(p).put("containerPort", 70000),
                        "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and "
                                + "65535, inclusive"),
                pod("a container port is required", p -> port(p).remove("containerPort"),
                        "spec.containers[0].ports[0].containerPort: Required value"),
                pod("a negative host port is out of range", p -> port(p).put("hostPort", -1),
                        "spec.containers[0].ports[0].hostPort: Invalid value: -1: must be between 1 and 65535, "
                                + "inclusive"),
                pod("a port protocol must be supported", p -> port(p).put("protocol", "HTTP"),
                        "spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: "
                                + "\"SCTP\", \"TCP\", \"UDP\""),
                pod("port names are unique", p -> ((ArrayNode) container(p).get("ports")).addObject()
                        .put("containerPort", 81).put("name", "http"),
                        "spec.containers[0].ports[1].name: Duplicate value: \"http\""),
                pod("a port name needs a letter", p -> port(p).put("name", "80"),
                        "spec.containers[0].ports[0].name: Invalid value: \"80\": must contain at least one letter "
                                + "(a-z)"),
                pod("the restart policy must be supported", p -> spec(p).put("restartPolicy", "Sometimes"),
                        "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", "
                                + "\"OnFailure\", \"Never\""),
                pod("an empty restart policy is defaulted", p -> spec(p).put("restartPolicy", "")),
                pod("the DNS policy must be supported", p -> spec(p).put("dnsPolicy", "Google"),
                        "spec.dnsPolicy: Unsupported value: \"Google\": supported values: \"ClusterFirstWithHostNet\", "
                                + "\"ClusterFirst\", \"Default\", \"None\""),
                pod("the pull policy must be supported", p -> container(p).put("imagePullPolicy", "Sometimes"),
                        "spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: "
                                + "\"Always\", \"IfNotPresent\", \"Never\""),
                pod("a probe needs a handler", p -> container(p).putObject("livenessProbe").put("periodSeconds", 5),
                        "spec.containers[0].livenessProbe: Required value: must specify a handler type"),
                pod("a probe takes exactly one handler", p -> {
                    ObjectNode probe = container(p).putObject("readinessProbe");
                    probe.putObject("tcpSocket").put("port", 80);
                    probe.putObject("exec").putArray("command").add("true");
                }, "spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type"),
                pod("a zero period is defaulted", p -> execProbe(p, "livenessProbe").put("periodSeconds", 0)),
                pod("a negative period is invalid", p -> execProbe(p, "livenessProbe").put("periodSeconds", -1),
                        "spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or "
                                + "equal to 0"),
                pod("a liveness probe succeeds once", p -> execProbe(p, "livenessProbe").put("successThreshold", 2),
                        "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"),
                pod("a startup probe succeeds once", p -> execProbe(p, "startupProbe").put("successThreshold", 3),
                        "spec.containers[0].startupProbe.successThreshold: Invalid value: 3: must be 1"),
                pod("a readiness probe may need several successes",
                        p -> execProbe(p, "readinessProbe").put("successThreshold", 3)),
                pod("a readiness probe has no termination grace period",
                        p -> execProbe(p, "readinessProbe").put("terminationGracePeriodSeconds", 5),
                        "spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not "
                                + "be set for readinessProbes"),
                pod("a probe's termination grace period is positive",
                        p -> execProbe(p, "livenessProbe").put("terminationGracePeriodSeconds", 0),
                        "spec.containers[0].livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be "
                                + "greater than 0"),
                pod("an exec handler needs a command", p -> container(p).putObject("livenessProbe").putObject("exec"),
                        "spec.containers[0].livenessProbe.exec.command: Required value"),
                pod("an HTTP probe port must be valid", p -> container(p).putObject("livenessProbe")
                        .putObject("httpGet").put("port", 0),
                        "spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and "
                                + "65535, inclusive"),
                pod("an HTTP probe scheme must be HTTP or HTTPS", p -> container(p).putObject("livenessProbe")
                        .putObject("httpGet").put("port", "http").put("scheme", "FTP"),
                        "spec.containers[0].livenessProbe.httpGet.scheme: Unsupported value: \"FTP\": supported "
                                + "values: \"HTTP\", \"HTTPS\""),
                pod("a gRPC probe names its port", p -> container(p).putObject("readinessProbe")
                        .putObject("grpc").put("service", "health"),
                        "spec.containers[0].readinessProbe.grpc.port: Invalid value: 0: must be between 1 and "
                                + "65535, inclusive"),
                pod("a gRPC probe port is at most 65535", p -> container(p).putObject("livenessProbe")
                        .putObject("grpc").put("port", 65536),
                        "spec.containers[0].livenessProbe.grpc.port: Invalid value: 65536: must be between 1 and "
                                + "65535, inclusive"),
                pod("a gRPC probe with a port is valid", p -> container(p).putObject("startupProbe")
                        .putObject("grpc").put("port", 9000)),
                pod("a plain init container may not have probes", p -> addInit(p, "setup")
                        .putObject("readinessProbe").putObject("exec").putArray("command").add("true"),
                        "spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers "
                                + "without restartPolicy=Always"),
                pod("a sidecar init container may have probes", p -> {
                    ObjectNode sidecar = addInit(p, "proxy").put("restartPolicy", "Always");
                    sidecar.putObject("readinessProbe").putObject("exec").putArray("command").add("true");
                }),
                pod("an init container restarts only Always", p -> addInit(p, "setup").put("restartPolicy", "Never"),
                        "spec.initContainers[0].restartPolicy: Unsupported value: \"Never\": supported values: "
                                + "\"Always\""),
                pod("an app container takes no restart policy", p -> container(p).put("restartPolicy", "Always"),
                        "spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"),
                pod("a sleep hook fits in the grace period", p -> container(p).putObject("lifecycle")
                        .putObject("preStop").putObject("sleep").put("seconds", 31),
                        "spec.containers[0].lifecycle.preStop.sleep: Invalid value: 31: must be non-negative and "
                                + "less than terminationGracePeriodSeconds (30)"),
                pod("the active deadline is at least one second", p -> spec(p).put("activeDeadlineSeconds", 0),
                        "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"),
                pod("the node name is a DNS subdomain", p -> spec(p).put("nodeName", "Node_1"),
                        "spec.nodeName: Invalid value: \"Node_1\": a lowercase RFC 1123 subdomain must consist of "
                                + "lower case alphanumeric characters, '-' or '.', and must start and end with an "
                                + "alphanumeric character (e.g. 'example.com', regex used for validation is "
                                + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
                pod("a node selector holds labels", p -> spec(p).putObject("nodeSelector").put("disk", "-ssd"),
                        "spec.nodeSelector: Invalid value: \"-ssd\": a valid label must be an empty string or consist "
                                + "of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                                + "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used "
                                + "for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
                pod("the deletion cost is an int32", p -> annotate(p, "2147483647")),
                pod("a negative deletion cost is fine", p -> annotate(p, "-100")),
                pod("a deletion cost beyond int32 is invalid", p -> annotate(p, "2147483648"),
                        "metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "
                                + "\"2147483648\": must be a 32bit integer"),
                pod("a deletion cost with a plus sign is invalid", p -> annotate(p, "+5"),
                        "metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: \"+5\": "
                                + "must be a 32bit integer"),
                pod("a deletion cost with leading zeros is invalid", p -> annotate(p, "007"),
                        "metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: \"007\": "
                                + "must be a 32bit integer"),
                pod("a mirror pod names its node", p -> p.withObject("metadata").putObject("annotations")
                        .put("kubernetes.io/config.mirror", "abc"),
                        "metadata.annotations[kubernetes.io/config.mirror]: Invalid value: \"abc\": must set "
                                + "spec.nodeName if mirror pod annotation is set"),
                pod("ephemeral containers come later", p -> spec(p).putArray("ephemeralContainers").addObject()
                        .put("name", "debug").put("image", "busybox"),
                        "spec.ephemeralContainers: Forbidden: cannot be set on create"),
                pod("a gated pod cannot be bound", p -> {
                    spec(p).put("nodeName", "node-1");
                    spec(p).putArray("schedulingGates").addObject().put("name", "example.com/wait");
                }, "spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared"));
    }

    static ObjectNode port(ObjectNode pod) {
        return (ObjectNode) container(pod).get("ports").get(0);
    }

    static ObjectNode execProbe(ObjectNode pod, String probe) {
        ObjectNode p = container(pod).putObject(probe);
        p.putObject("exec").putArray("command").add("true");
        return p;
    }

    static void annotate(ObjectNode pod, String cost) {
        pod.withObject("metadata").putObject("annotations").put("controller.kubernetes.io/pod-deletion-cost", cost);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesPodsAsKubernetesDoes(Case c) {
        ObjectNode pod = basePod();
        c.mutation().accept(pod);
        PodStrategy.INSTANCE.applyDefaults(pod);

        List<FieldError> errors = PodStrategy.INSTANCE.validate(pod);

        assertThat(errors).extracting(FieldError::fullMessage).containsExactlyElementsOf(c.errors());
    }
}
