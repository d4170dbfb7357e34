package skiff.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import skiff.client.pods.PodReadiness;
import skiff.controllers.endpointutil.PodEndpoints;
import skiff.controllers.endpointutil.TargetPorts;

/** What one pod contributes to a Service's EndpointSlices: its endpoint and the ports it serves. */
final class SliceEndpoints {
    static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    private SliceEndpoints() {}

    /**
     * The pod's endpoint for one address type (k/k pkg/controller/endpointslice/utils.go (1.32) podToEndpoint):
     * serving is the pod's readiness; terminating is a set deletionTimestamp; ready is serving and not terminating,
     * or always with publishNotReadyAddresses; the zone comes from the node's topology.kubernetes.io/zone label;
     * the hostname only when the pod's subdomain is this Service.
     */
    static Endpoint forPod(Pod pod, Node node, Service service, String addressType) {
        boolean serving = PodReadiness.isReady(pod);
        boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
        boolean ready = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses())
                || (serving && !terminating);
        EndpointBuilder endpoint = new EndpointBuilder()
                .withAddresses(addresses(pod, addressType))
                .withNewConditions().withReady(ready).withServing(serving).withTerminating(terminating).endConditions()
                .withTargetRef(new ObjectReferenceBuilder().withKind("Pod")
                        .withNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .withUid(pod.getMetadata().getUid()).build());
        String nodeName = pod.getSpec().getNodeName();
        if (nodeName != null && !nodeName.isEmpty()) {
            endpoint.withNodeName(nodeName);
        }
        String zone = node == null || node.getMetadata().getLabels() == null ? null
                : node.getMetadata().getLabels().get(ZONE_LABEL);
        if (zone != null && !zone.isEmpty()) {
            endpoint.withZone(zone);
        }
        if (PodEndpoints.shouldSetHostname(pod, service)) {
            endpoint.withHostname(pod.getSpec().getHostname());
        }
        return endpoint.build();
    }

    // k/k endpointslice/utils.go getEndpointAddresses: the pod's first IP of the slice's family.
    static List<String> addresses(Pod pod, String addressType) {
        boolean ipv6 = "IPv6".equals(addressType);
        return PodEndpoints.podIps(pod).stream().filter(ip -> PodEndpoints.isIpv6(ip) == ipv6).limit(1).toList();
    }

    /**
     * The ports the pod serves for the Service (k/k endpointslice/utils.go getEndpointPorts): every Service port
     * whose target port the pod has, by number; a headless Service may have none.
     */
    static List<EndpointPort> ports(Service service, Pod pod) {
        List<EndpointPort> ports = new ArrayList<>();
        List<ServicePort> servicePorts = service.getSpec().getPorts() == null ? List.of()
                : service.getSpec().getPorts();
        for (ServicePort servicePort : servicePorts) {
            OptionalInt number = TargetPorts.find(pod, servicePort);
            if (number.isEmpty()) {
                continue;
            }
            ports.add(new EndpointPortBuilder()
                    .withName(servicePort.getName() == null ? "" : servicePort.getName())
                    .withPort(number.getAsInt())
                    .withProtocol(TargetPorts.protocol(servicePort.getProtocol()))
                    .withAppProtocol(servicePort.getAppProtocol())
                    .build());
        }
        return ports;
    }
}
