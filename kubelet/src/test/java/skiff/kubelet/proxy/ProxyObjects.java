package skiff.kubelet.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;

/** Services and EndpointSlices for the proxy's tests. */
final class ProxyObjects {
    private ProxyObjects() {
    }

    /** A ClusterIP Service {@code ns/name} with one TCP port named "http" on {@code port}. */
    static ServiceBuilder service(String name, String clusterIp, int port) {
        return new ServiceBuilder().withNewMetadata().withNamespace("ns").withName(name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(clusterIp)
                .withPorts(new ServicePortBuilder().withName("http").withProtocol("TCP").withPort(port).build())
                .endSpec();
    }

    static Service nodePort(Service service, int nodePort) {
        Service copy = new ServiceBuilder(service).editSpec().withType("NodePort").endSpec().build();
        copy.getSpec().getPorts().get(0).setNodePort(nodePort);
        return copy;
    }

    /** One endpoint: address, node, conditions. */
    record Ep(String ip, String node, Boolean ready, Boolean serving, Boolean terminating) {
        static Ep ready(String ip, String node) {
            return new Ep(ip, node, true, true, false);
        }

        static Ep terminating(String ip, String node, boolean serving) {
            return new Ep(ip, node, false, serving, true);
        }

        static Ep notReady(String ip, String node) {
            return new Ep(ip, node, false, false, false);
        }
    }

    /** A slice for Service {@code ns/service} with port "http" = {@code targetPort}. */
    static EndpointSlice slice(String service, String sliceName, int targetPort, Ep... endpoints) {
        List<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint> list = new ArrayList<>();
        for (Ep e : endpoints) {
            list.add(new EndpointBuilder().withAddresses(e.ip()).withNodeName(e.node()).withNewConditions()
                    .withReady(e.ready()).withServing(e.serving()).withTerminating(e.terminating()).endConditions()
                    .build());
        }
        return new EndpointSliceBuilder().withNewMetadata().withNamespace("ns").withName(sliceName)
                .addToLabels("kubernetes.io/service-name", service).endMetadata().withAddressType("IPv4")
                .addNewPort().withName("http").withProtocol("TCP").withPort(targetPort).endPort()
                .withEndpoints(list).build();
    }
}
