package skiff.dns;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** An in-memory cluster for the zone's table tests. */
class StaticCluster implements ClusterObjects {
    private final Set<String> namespaces;
    private final List<Service> services = new ArrayList<>();
    private final List<EndpointSlice> slices = new ArrayList<>();

    StaticCluster(String... namespaces) {
        this.namespaces = Set.of(namespaces);
    }

    StaticCluster clusterIp(String namespace, String name, String ip, String... namedPorts) {
        ServiceBuilder b = new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(ip).withClusterIPs(ip).endSpec();
        for (String port : namedPorts) {
            String[] p = port.split("/"); // name/port/protocol
            b.editSpec().addToPorts(new ServicePortBuilder().withName(p[0].isEmpty() ? null : p[0])
                    .withPort(Integer.parseInt(p[1])).withProtocol(p[2]).withTargetPort(new IntOrString(80)).build())
                    .endSpec();
        }
        services.add(b.build());
        return this;
    }

    StaticCluster headless(String namespace, String name, boolean publishNotReady) {
        services.add(new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP("None").withClusterIPs("None")
                .withPublishNotReadyAddresses(publishNotReady).endSpec().build());
        return this;
    }

    StaticCluster externalName(String namespace, String name, String externalName) {
        services.add(new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName(externalName).endSpec().build());
        return this;
    }

    /** A slice with the given ports ("name/port/protocol") and endpoints. */
    StaticCluster slice(String namespace, String service, List<String> ports, Endpoint... endpoints) {
        EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withNamespace(namespace)
                .withName(service + "-" + slices.size()).withLabels(Map.of("kubernetes.io/service-name", service))
                .endMetadata().withAddressType("IPv4").withEndpoints(endpoints);
        for (String port : ports) {
            String[] p = port.split("/");
            b.addToPorts(new EndpointPortBuilder().withName(p[0]).withPort(Integer.parseInt(p[1])).withProtocol(p[2])
                    .build());
        }
        slices.add(b.build());
        return this;
    }

    static Endpoint endpoint(String ip, String hostname, Boolean ready) {
        return new EndpointBuilder().withAddresses(ip).withHostname(hostname).withNewConditions().withReady(ready)
                .endConditions().build();
    }

    @Override
    public Optional<Service> service(String namespace, String name) {
        return services.stream().filter(s -> s.getMetadata().getNamespace().equals(namespace)
                && s.getMetadata().getName().equals(name)).findFirst();
    }

    @Override
    public List<EndpointSlice> endpointSlices(String namespace, String serviceName) {
        return slices.stream().filter(s -> s.getMetadata().getNamespace().equals(namespace)
                && serviceName.equals(s.getMetadata().getLabels().get("kubernetes.io/service-name"))).toList();
    }

    @Override
    public boolean namespaceExists(String name) {
        return namespaces.contains(name);
    }

    @Override
    public List<Service> servicesWithClusterIp(String ip) {
        return services.stream().filter(s -> s.getSpec().getClusterIPs() != null
                && s.getSpec().getClusterIPs().contains(ip)).toList();
    }

    @Override
    public List<EndpointSlice> endpointSlicesWithAddress(String ip) {
        return slices.stream().filter(s -> s.getEndpoints().stream()
                .anyMatch(e -> Objects.requireNonNull(e.getAddresses()).contains(ip))).toList();
    }

    @Override
    public boolean synced() {
        return true;
    }

    @Override
    public long serial() {
        return 1_700_000_000L;
    }
}
