package skiff.e2e.deletion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.testing.SkiffExtension;

/** Each validation rule, end to end: the create is refused with 422 and Kubernetes' message, and nothing is stored. */
class ValidationRejectionTest {
    @RegisterExtension
    // No scheduler: the pods here are updated by the test alone.
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().disableControllers("scheduler").build();

    private static final String CONTAINERS = "\"containers\": [{\"name\": \"app\", \"image\": \"nginx:1.27\"}]";

    record Case(String name, String manifest, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static String pod(String name, String spec) {
        return """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "%s"}, "spec": %s}""".formatted(name, spec);
    }

    static String workload(String apiVersion, String kind, String name, String spec) {
        return """
                {"apiVersion": "%s", "kind": "%s", "metadata": {"name": "%s"}, "spec": %s}"""
                .formatted(apiVersion, kind, name, spec);
    }

    static String template(String labels, String podSpecExtra) {
        return "\"template\": {\"metadata\": {\"labels\": " + labels + "}, \"spec\": {" + CONTAINERS + podSpecExtra
                + "}}";
    }

    static Stream<Case> cases() {
        String selectWeb = "\"selector\": {\"matchLabels\": {\"app\": \"web\"}}";
        return Stream.of(
                new Case("a container port beyond 65535", pod("bad-port", """
                        {"containers": [{"name": "app", "image": "nginx", "ports": [{"containerPort": 70000}]}]}"""),
                        "Pod \"bad-port\" is invalid: spec.containers[0].ports[0].containerPort: Invalid value: "
                                + "70000: must be between 1 and 65535, inclusive"),
                new Case("a container without an image", pod("no-image", "{\"containers\": [{\"name\": \"app\"}]}"),
                        "Pod \"no-image\" is invalid: spec.containers[0].image: Required value"),
                new Case("an init container named like an app container", pod("dup-name", """
                        {"initContainers": [{"name": "app", "image": "busybox"}],
                         "containers": [{"name": "app", "image": "nginx"}]}"""),
                        "Pod \"dup-name\" is invalid: spec.initContainers[0].name: Duplicate value: \"app\""),
                new Case("a probe with two handlers", pod("two-handlers", """
                        {"containers": [{"name": "app", "image": "nginx", "livenessProbe":
                          {"exec": {"command": ["true"]}, "tcpSocket": {"port": 80}}}]}"""),
                        "Pod \"two-handlers\" is invalid: spec.containers[0].livenessProbe.tcpSocket: Forbidden: may "
                                + "not specify more than 1 handler type"),
                new Case("a negative probe period", pod("negative-period", """
                        {"containers": [{"name": "app", "image": "nginx", "readinessProbe":
                          {"exec": {"command": ["true"]}, "periodSeconds": -1}}]}"""),
                        "Pod \"negative-period\" is invalid: spec.containers[0].readinessProbe.periodSeconds: Invalid "
                                + "value: -1: must be greater than or equal to 0"),
                new Case("an unknown restart policy", pod("bad-restart", "{\"restartPolicy\": \"Sometimes\", "
                        + CONTAINERS + "}"),
                        "Pod \"bad-restart\" is invalid: spec.restartPolicy: Unsupported value: \"Sometimes\": "
                                + "supported values: \"Always\", \"OnFailure\", \"Never\""),
                new Case("a deletion cost that is not an int32", """
                        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "bad-cost", "annotations":
                          {"controller.kubernetes.io/pod-deletion-cost": "1e3"}}, "spec": {%s}}"""
                        .formatted(CONTAINERS),
                        "Pod \"bad-cost\" is invalid: metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: "
                                + "Invalid value: \"1e3\": must be a 32bit integer"),
                new Case("a bad label", """
                        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "bad-label", "labels":
                          {"tier": "-front"}}, "spec": {%s}}""".formatted(CONTAINERS),
                        "Pod \"bad-label\" is invalid: metadata.labels: Invalid value: \"-front\": a valid label must "
                                + "be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
                                + "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
                                + "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
                new Case("a replica set without a selector", workload("apps/v1", "ReplicaSet", "no-selector",
                        "{" + template("{\"app\": \"web\"}", "") + "}"),
                        "ReplicaSet.apps \"no-selector\" is invalid: [spec.selector: Required value, "
                                + "spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not "
                                + "match template `labels`]"),
                new Case("a deployment whose selector misses its template", workload("apps/v1", "Deployment",
                        "mismatch", "{" + selectWeb + ", " + template("{\"app\": \"api\"}", "") + "}"),
                        "Deployment.apps \"mismatch\" is invalid: spec.template.metadata.labels: Invalid value: "
                                + "{\"app\":\"api\"}: `selector` does not match template `labels`"),
                new Case("a daemon set whose template does not restart Always", workload("apps/v1", "DaemonSet",
                        "never", "{" + selectWeb + ", " + template("{\"app\": \"web\"}",
                                ", \"restartPolicy\": \"Never\"") + "}"),
                        "DaemonSet.apps \"never\" is invalid: spec.template.spec.restartPolicy: Unsupported value: "
                                + "\"Never\": supported values: \"Always\""),
                new Case("a stateful set with negative replicas", workload("apps/v1", "StatefulSet", "negative",
                        "{\"replicas\": -1, " + selectWeb + ", " + template("{\"app\": \"web\"}", "") + "}"),
                        "StatefulSet.apps \"negative\" is invalid: spec.replicas: Invalid value: -1: must be greater "
                                + "than or equal to 0"),
                new Case("a replication controller whose template does not restart Always",
                        workload("v1", "ReplicationController", "rc-never", "{\"selector\": {\"app\": \"web\"}, "
                                + template("{\"app\": \"web\"}", ", \"restartPolicy\": \"OnFailure\"") + "}"),
                        "ReplicationController \"rc-never\" is invalid: spec.template.spec.restartPolicy: Unsupported "
                                + "value: \"OnFailure\": supported values: \"Always\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusesTheObjectWith422AndStoresNothing(Case c) {
        KubernetesClient client = skiff.client();

        assertThatThrownBy(() -> client.resource(c.manifest()).inNamespace("default").create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                    assertThat(e.getStatus().getMessage()).isEqualTo(c.message());
                });
        assertThat(client.resource(c.manifest()).inNamespace("default").get()).isNull();
    }

    @Test
    void aPodUpdateMayNotChangeItsRestartPolicy(KubernetesClient client) {
        Pod pod = client.resource((Pod) client.getKubernetesSerialization().unmarshal(pod("fixed", "{" + CONTAINERS
                + "}"))).inNamespace("default").create();
        pod.getSpec().setRestartPolicy("Never");

        assertThatThrownBy(() -> client.resource(pod).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getMessage()).startsWith("Pod \"fixed\" is invalid: spec: Forbidden: pod "
                            + "updates may not change fields other than `spec.containers[*].image`,");
                });
        assertThat(client.pods().withName("fixed").get().getSpec().getRestartPolicy()).isEqualTo("Always");
    }

    @Test
    void aPodUpdateMayChangeItsImage(KubernetesClient client) {
        Pod pod = client.resource((Pod) client.getKubernetesSerialization().unmarshal(pod("new-image", "{"
                + CONTAINERS + "}"))).inNamespace("default").create();
        pod.getSpec().getContainers().get(0).setImage("nginx:1.28");

        client.resource(pod).update();

        assertThat(client.pods().withName("new-image").get().getSpec().getContainers().get(0).getImage())
                .isEqualTo("nginx:1.28");
    }

    @Test
    void aDeploymentSelectorIsImmutable(KubernetesClient client) {
        String manifest = workload("apps/v1", "Deployment", "steady", "{\"selector\": {\"matchLabels\": {\"app\": "
                + "\"web\"}}, " + template("{\"app\": \"web\", \"tier\": \"front\"}", "") + "}");
        Deployment deployment = client.resource((Deployment) client.getKubernetesSerialization().unmarshal(manifest))
                .inNamespace("default").create();
        deployment.getSpec().getSelector().setMatchLabels(Map.of("tier", "front"));

        assertThatThrownBy(() -> client.resource(deployment).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
                        .isEqualTo("Deployment.apps \"steady\" is invalid: spec.selector: Invalid value: "
                                + "{\"matchLabels\":{\"tier\":\"front\"}}: field is immutable"));
        HasMetadata stored = client.apps().deployments().withName("steady").get();
        assertThat(((Deployment) stored).getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", "web"));
    }
}
