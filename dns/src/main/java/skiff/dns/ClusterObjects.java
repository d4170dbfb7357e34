package skiff.dns;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Optional;

/** What cluster DNS reads of the cluster: Services, their EndpointSlices and which namespaces exist. */
public interface ClusterObjects {
    Optional<Service> service(String namespace, String name);

    /** The slices labelled {@code kubernetes.io/service-name: name} in {@code namespace}. */
    List<EndpointSlice> endpointSlices(String namespace, String serviceName);

    boolean namespaceExists(String name);

    /** Services whose {@code spec.clusterIPs} include {@code ip}. */
    List<Service> servicesWithClusterIp(String ip);

    /** Slices with an endpoint of address {@code ip}. */
    List<EndpointSlice> endpointSlicesWithAddress(String ip);

    /** Whether the first lists are in: until then a name not found may yet exist. */
    boolean synced();

    /** The SOA serial: changes when the objects do (CoreDNS: the time of the last change, in seconds). */
    long serial();
}
