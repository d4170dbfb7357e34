package skiff.kubelet.proxy;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The proxy's desired state, computed from Services, EndpointSlices and the node's name: one {@link ServicePortInfo}
 * per port of every Service that has a ClusterIP (k/k pkg/proxy/servicechangetracker.go and
 * endpointschangetracker.go, 1.32, reduced to a pure function of the current objects).
 */
public final class ProxyModel {
    /** k/k pkg/apis/core/types.go DefaultClientIPServiceAffinitySeconds. */
    static final int DEFAULT_AFFINITY_SECONDS = 10800;
    private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private ProxyModel() {
    }

    public static SortedMap<ServicePortName, ServicePortInfo> desiredState(Collection<Service> services,
            Collection<EndpointSlice> slices, String nodeName) {
        Map<String, List<EndpointSlice>> slicesByService = new HashMap<>();
        for (EndpointSlice slice : slices) {
            String service = slice.getMetadata().getLabels() == null ? null
                    : slice.getMetadata().getLabels().get(SERVICE_NAME_LABEL);
            // IPv4 only for now; slices of FQDN or IPv6 addresses are ignored as a single-stack IPv4 proxy does.
            if (service != null && "IPv4".equals(slice.getAddressType())) {
                slicesByService.computeIfAbsent(slice.getMetadata().getNamespace() + "/" + service,
                        k -> new ArrayList<>()).add(slice);
            }
        }
        SortedMap<ServicePortName, ServicePortInfo> state = new TreeMap<>();
        for (Service service : services) {
            ServiceSpec spec = service.getSpec();
            if (spec == null || skipped(spec) || spec.getPorts() == null) {
                continue;
            }
            String namespace = service.getMetadata().getNamespace();
            String name = service.getMetadata().getName();
            List<EndpointSlice> own = slicesByService.getOrDefault(namespace + "/" + name, List.of());
            for (ServicePort port : spec.getPorts()) {
                if (!validPort(port.getPort()) || port.getProtocol() != null
                        && !Set.of("TCP", "UDP", "SCTP").contains(port.getProtocol())) {
                    continue;
                }
                ServicePortInfo info = portInfo(service, port, own, nodeName);
                state.put(info.name(), info);
            }
        }
        return state;
    }

    private static boolean validPort(Integer port) {
        return port != null && port >= 1 && port <= 65535;
    }

    // k/k pkg/proxy/util/utils.go ShouldSkipService (1.32): no ClusterIP (headless or unset) or ExternalName.
    private static boolean skipped(ServiceSpec spec) {
        String ip = spec.getClusterIP();
        // Addresses that are not IPv4 (IPv6 on a single-stack IPv4 proxy, or invalid ones) are skipped too.
        return ip == null || "ExternalName".equals(spec.getType()) || !Ipv4.valid(ip);
    }

    private static ServicePortInfo portInfo(Service service, ServicePort port, List<EndpointSlice> slices,
            String nodeName) {
        ServiceSpec spec = service.getSpec();
        String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
        String portName = port.getName() == null ? "" : port.getName();
        ServicePortName name = new ServicePortName(service.getMetadata().getNamespace(),
                service.getMetadata().getName(), portName, protocol);
        Set<String> external = new LinkedHashSet<>();
        if (spec.getExternalIPs() != null) {
            spec.getExternalIPs().stream().filter(Ipv4::valid).forEach(external::add);
        }
        if ("LoadBalancer".equals(spec.getType()) && service.getStatus() != null
                && service.getStatus().getLoadBalancer() != null
                && service.getStatus().getLoadBalancer().getIngress() != null) {
            service.getStatus().getLoadBalancer().getIngress().stream().map(LoadBalancerIngress::getIp)
                    .filter(Ipv4::valid).forEach(external::add);
        }
        int nodePort = validPort(port.getNodePort()) ? port.getNodePort() : 0;
        boolean internalLocal = "Local".equals(spec.getInternalTrafficPolicy());
        boolean externallyAccessible = nodePort > 0 || !external.isEmpty();
        boolean externalLocal = externallyAccessible && "Local".equals(spec.getExternalTrafficPolicy());
        int affinity = 0;
        if ("ClientIP".equals(spec.getSessionAffinity())) {
            Integer timeout = spec.getSessionAffinityConfig() == null
                    || spec.getSessionAffinityConfig().getClientIP() == null ? null
                    : spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
            affinity = timeout == null || timeout <= 0 ? DEFAULT_AFFINITY_SECONDS : timeout;
        }
        // k/k pkg/proxy/servicechangetracker.go / topology.go (1.32): cluster endpoints serve whichever traffic has
        // the Cluster policy, local endpoints whichever has Local.
        boolean usesCluster = !internalLocal || externallyAccessible && !externalLocal;
        boolean usesLocal = internalLocal || externalLocal;
        EndpointCategories categories = EndpointCategories.of(endpoints(slices, portName, protocol, nodeName),
                usesCluster, usesLocal);
        return new ServicePortInfo(name, spec.getClusterIP(), port.getPort(), nodePort, List.copyOf(external),
                internalLocal, externalLocal, affinity, categories.cluster(), categories.local(),
                categories.hasAny());
    }

    // k/k pkg/proxy/endpointslicecache.go (1.32): the slice port with the Service port's name and protocol; an
    // unset ready or serving condition counts as true, an unset terminating one as false; the first slice that
    // names an address wins.
    private static List<ProxyEndpoint> endpoints(List<EndpointSlice> slices, String portName, String protocol,
            String nodeName) {
        Map<String, ProxyEndpoint> byAddress = new LinkedHashMap<>();
        for (EndpointSlice slice : slices) {
            if (slice.getPorts() == null || slice.getEndpoints() == null) {
                continue;
            }
            Integer number = null;
            for (EndpointPort p : slice.getPorts()) {
                String pName = p.getName() == null ? "" : p.getName();
                String pProtocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
                if (pName.equals(portName) && pProtocol.equals(protocol) && validPort(p.getPort())) {
                    number = p.getPort();
                }
            }
            if (number == null) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints()) {
                if (endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty()) {
                    continue;
                }
                EndpointConditions c = endpoint.getConditions();
                boolean ready = c == null || c.getReady() == null || c.getReady();
                boolean serving = c == null || c.getServing() == null || c.getServing();
                boolean terminating = c != null && Boolean.TRUE.equals(c.getTerminating());
                boolean local = nodeName != null && Objects.equals(nodeName, endpoint.getNodeName());
                String ip = endpoint.getAddresses().get(0);
                if (!Ipv4.valid(ip)) {
                    continue;
                }
                byAddress.putIfAbsent(ip + ":" + number,
                        new ProxyEndpoint(ip, number, ready, serving, terminating, local));
            }
        }
        return List.copyOf(byAddress.values());
    }
}
