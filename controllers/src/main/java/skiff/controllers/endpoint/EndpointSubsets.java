package skiff.controllers.endpoint;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import skiff.client.pods.PodReadiness;
import skiff.controllers.endpointutil.PodEndpoints;
import skiff.controllers.endpointutil.TargetPorts;

/** The subsets of a Service's core/v1 Endpoints, computed from its pods (k/k endpoints_controller.go syncService). */
final class EndpointSubsets {
    private EndpointSubsets() {}

    /**
     * One subset per pod and resolved port, then repacked: with publishNotReadyAddresses every listed pod is a ready
     * address and terminating pods are kept; otherwise terminating pods are left out and a pod that is not Ready is a
     * not-ready address. A pod without an IP of the Service's family or without the named target port is left out
     * of that port; a headless Service without ports lists its pods without ports.
     */
    static List<EndpointSubset> of(Service service, List<Pod> pods) {
        boolean tolerateUnready = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        List<ServicePort> servicePorts = service.getSpec().getPorts() == null ? List.of()
                : service.getSpec().getPorts();
        List<EndpointSubset> subsets = new ArrayList<>();
        List<Pod> sorted = pods.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
        for (Pod pod : sorted) {
            // k/k endpoints_controller.go: ShouldPodBeInEndpoints(pod, publishNotReadyAddresses).
            if (!PodEndpoints.shouldBeInEndpoints(pod, tolerateUnready)) {
                continue;
            }
            Optional<EndpointAddress> address = address(service, pod);
            if (address.isEmpty()) {
                continue;
            }
            boolean ready = tolerateUnready || PodReadiness.isReady(pod);
            if (servicePorts.isEmpty()) {
                if (PodEndpoints.isHeadless(service)) {
                    subsets.add(subset(address.get(), null, ready));
                }
                continue;
            }
            for (ServicePort servicePort : servicePorts) {
                OptionalInt number = TargetPorts.find(pod, servicePort);
                if (number.isPresent()) {
                    subsets.add(subset(address.get(), new EndpointPortBuilder().withName(servicePort.getName())
                            .withPort(number.getAsInt()).withProtocol(TargetPorts.protocol(servicePort.getProtocol()))
                            .withAppProtocol(servicePort.getAppProtocol()).build(), ready));
                }
            }
        }
        return SubsetRepacker.repack(subsets);
    }

    private static EndpointSubset subset(EndpointAddress address, EndpointPort port, boolean ready) {
        EndpointSubsetBuilder subset = new EndpointSubsetBuilder();
        if (ready) {
            subset.withAddresses(address);
        } else {
            subset.withNotReadyAddresses(address);
        }
        if (port != null) {
            subset.withPorts(port);
        }
        return subset.build();
    }

    /**
     * The pod's address for the Service (k/k endpoints_controller.go podToEndpointAddressForService): its IP of the
     * Service's first IP family (without families, the cluster IP's family, or for a headless Service the pod's
     * own), its node and a reference to it; the hostname when the pod's subdomain is this Service.
     */
    static Optional<EndpointAddress> address(Service service, Pod pod) {
        List<String> ips = PodEndpoints.podIps(pod);
        boolean ipv6;
        List<String> families = service.getSpec().getIpFamilies();
        if (families != null && !families.isEmpty()) {
            ipv6 = "IPv6".equals(families.get(0));
        } else if (!PodEndpoints.isHeadless(service)) {
            ipv6 = PodEndpoints.isIpv6(service.getSpec().getClusterIP());
        } else {
            ipv6 = !ips.isEmpty() && PodEndpoints.isIpv6(ips.get(0));
        }
        Optional<String> ip = ips.stream().filter(candidate -> PodEndpoints.isIpv6(candidate) == ipv6).findFirst();
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        String nodeName = pod.getSpec().getNodeName();
        EndpointAddressBuilder address = new EndpointAddressBuilder().withIp(ip.get())
                .withNodeName(nodeName == null || nodeName.isEmpty() ? null : nodeName)
                .withNewTargetRef().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endTargetRef();
        if (PodEndpoints.shouldSetHostname(pod, service)) {
            address.withHostname(pod.getSpec().getHostname());
        }
        return Optional.of(address.build());
    }
}
