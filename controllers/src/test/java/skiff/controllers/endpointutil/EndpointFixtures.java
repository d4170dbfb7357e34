package skiff.controllers.endpointutil;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.Map;

/** Pods, Services and Nodes for the endpoint controllers' tests. */
public final class EndpointFixtures {
    public static final String NAMESPACE = "web";
    public static final String NODE = "node-a";

    private EndpointFixtures() {}

    /** A running pod app=web on {@link #NODE} with the given IP, readiness and a container port "http" = httpPort. */
    public static Pod pod(String name, String ip, boolean ready, int httpPort) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).withUid("uid-" + name)
                .withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().withNodeName(NODE).addNewContainer().withName("main")
                .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(httpPort).build())
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).addNewPodIP(ip)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withLastTransitionTime("2026-01-01T00:00:00Z").endCondition()
                .endStatus().build();
    }

    public static Pod terminating(Pod pod) {
        return new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-01-01T00:01:00Z").endMetadata().build();
    }

    /** Service "web" selecting app=web, port 80 (named "http") to the target port given, IPv4. */
    public static Service service(IntOrString targetPort, boolean publishNotReady) {
        return new ServiceBuilder()
                .withNewMetadata().withName("web").withNamespace(NAMESPACE).withUid("svc-uid")
                .withCreationTimestamp("2026-01-01T00:00:00Z").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "web")).withClusterIP("10.43.0.10")
                .addToIpFamilies("IPv4").withPublishNotReadyAddresses(publishNotReady)
                .withPorts(new ServicePortBuilder().withName("http").withPort(80).withProtocol("TCP")
                        .withTargetPort(targetPort).build())
                .endSpec().build();
    }

    public static Node node(String zone) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName(NODE).endMetadata();
        if (zone != null) {
            node.editMetadata().addToLabels("topology.kubernetes.io/zone", zone).endMetadata();
        }
        return node.build();
    }
}
