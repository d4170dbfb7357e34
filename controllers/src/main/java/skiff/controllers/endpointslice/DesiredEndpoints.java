package skiff.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoints one port group should publish, found by identity: addresses, hostname and the pod's namespace and
 * name (k/k staging/src/k8s.io/endpointslice/util endpointset.go hashEndpoint), so that a changed endpoint is
 * recognised in the slice that already holds it. Pops in insertion order.
 */
final class DesiredEndpoints {
    private record Identity(List<String> addresses, String hostname, String namespace, String name) {}

    private final Map<Identity, Endpoint> endpoints = new LinkedHashMap<>();

    void add(Endpoint endpoint) {
        endpoints.put(identity(endpoint), endpoint);
    }

    /** The wanted version of {@code existing}, removed from the set; null if it is not wanted. */
    Endpoint take(Endpoint existing) {
        return endpoints.remove(identity(existing));
    }

    Endpoint pop() {
        Iterator<Endpoint> it = endpoints.values().iterator();
        Endpoint next = it.next();
        it.remove();
        return next;
    }

    boolean isEmpty() {
        return endpoints.isEmpty();
    }

    int size() {
        return endpoints.size();
    }

    private static Identity identity(Endpoint endpoint) {
        ObjectReference ref = endpoint.getTargetRef();
        List<String> addresses = endpoint.getAddresses() == null ? List.of()
                : endpoint.getAddresses().stream().sorted().toList();
        return new Identity(addresses, endpoint.getHostname(), ref == null ? null : ref.getNamespace(),
                ref == null ? null : ref.getName());
    }
}
