package skiff.dns;

import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditionsBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kube-dns} Service in {@code kube-system} that pods' resolv.conf names, as kubeadm installs it
 * (cmd/kubeadm/app/phases/addons/dns/manifests.go, 1.32: labels k8s-app=kube-dns, ports dns 53/UDP and dns-tcp
 * 53/TCP). Skiff's DNS is no pod, so the Service has no selector and Skiff writes its endpoints itself, as
 * kube-apiserver does for the {@code kubernetes} Service (pkg/controlplane/reconcilers, 1.32): an EndpointSlice and
 * the legacy Endpoints (marked {@code endpointslice.kubernetes.io/skip-mirror} so that no controller mirrors it),
 * naming the address and port the server listens on. The service proxy DNATs the cluster IP to them.
 */
public final class KubeDnsService {
    private static final Logger LOG = LoggerFactory.getLogger(KubeDnsService.class);
    public static final String NAMESPACE = "kube-system";
    public static final String NAME = "kube-dns";
    /** The managed-by value that keeps the EndpointSlice controller's hands off this slice. */
    public static final String MANAGED_BY = "skiff-cluster-dns";
    private static final int SERVICE_PORT = 53;

    private KubeDnsService() {
    }

    /**
     * Creates the Service with {@code clusterIp} if absent (an existing one is left as it is), and points its
     * endpoints at {@code address:port}.
     */
    public static void ensure(KubernetesClient client, String clusterIp, String address, int port) {
        Map<String, String> labels = Map.of("k8s-app", "kube-dns", "kubernetes.io/cluster-service", "true",
                "kubernetes.io/name", "SkiffDNS");
        Service wanted = new ServiceBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE)
                .withLabels(labels).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(clusterIp).withClusterIPs(clusterIp)
                .withPorts(new ServicePortBuilder().withName("dns").withProtocol("UDP").withPort(SERVICE_PORT)
                                .withTargetPort(new IntOrString(SERVICE_PORT)).build(),
                        new ServicePortBuilder().withName("dns-tcp").withProtocol("TCP").withPort(SERVICE_PORT)
                                .withTargetPort(new IntOrString(SERVICE_PORT)).build())
                .endSpec().build();
        Service existing = client.services().inNamespace(NAMESPACE).withName(NAME).get();
        if (existing == null) {
            try {
                existing = client.resource(wanted).createOr(
                        lost -> client.services().inNamespace(NAMESPACE).withName(NAME).get());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 422) {
                    throw e;
                }
                // The address is taken or outside the service range: serve anyway, and say why pods cannot reach us.
                LOG.error("cannot create the {}/{} Service at {}: {}", NAMESPACE, NAME, clusterIp,
                        e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
            }
        }
        if (existing != null && existing.getSpec() != null && !clusterIp.equals(existing.getSpec().getClusterIP())) {
            LOG.warn("the {}/{} Service has cluster IP {}, not {}: pods told to use {} will not reach cluster DNS",
                    NAMESPACE, NAME, existing.getSpec().getClusterIP(), clusterIp, clusterIp);
        }
        EndpointSlice slice = new EndpointSliceBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE)
                .withLabels(Map.of("kubernetes.io/service-name", NAME, "endpointslice.kubernetes.io/managed-by",
                        MANAGED_BY, "k8s-app", "kube-dns"))
                .endMetadata()
                .withAddressType("IPv4")
                .withEndpoints(new EndpointBuilder().withAddresses(address)
                        .withConditions(new EndpointConditionsBuilder().withReady(true).withServing(true)
                                .withTerminating(false).build())
                        .build())
                .withPorts(slicePort("dns", "UDP", port), slicePort("dns-tcp", "TCP", port))
                .build();
        client.resource(slice).createOr(NonDeletingOperation::update);
        Endpoints endpoints = new EndpointsBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE)
                .withLabels(Map.of("endpointslice.kubernetes.io/skip-mirror", "true", "k8s-app", "kube-dns"))
                .endMetadata()
                .withSubsets(new EndpointSubsetBuilder().withAddresses(new EndpointAddressBuilder().withIp(address)
                                .build())
                        .withPorts(List.of(
                                new EndpointPortBuilder().withName("dns").withProtocol("UDP").withPort(port).build(),
                                new EndpointPortBuilder().withName("dns-tcp").withProtocol("TCP").withPort(port)
                                        .build()))
                        .build())
                .build();
        client.resource(endpoints).createOr(NonDeletingOperation::update);
    }

    /**
     * Whether {@code slice} (the cached kube-dns slice, or null) still names only {@code address:port}, ready; when
     * not, someone changed or deleted it and {@link #ensure} puts it back.
     */
    public static boolean sliceCurrent(EndpointSlice slice, String address, int port) {
        if (slice == null || slice.getEndpoints() == null || slice.getEndpoints().size() != 1
                || slice.getPorts() == null) {
            return false;
        }
        var endpoint = slice.getEndpoints().getFirst();
        boolean ready = endpoint.getConditions() != null && Boolean.TRUE.equals(endpoint.getConditions().getReady());
        return ready && List.of(address).equals(endpoint.getAddresses())
                && slice.getPorts().stream().map(p -> p.getName() + "/" + p.getProtocol() + "/" + p.getPort())
                        .sorted().toList().equals(List.of("dns-tcp/TCP/" + port, "dns/UDP/" + port));
    }

    private static io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort slicePort(String name, String protocol,
            int port) {
        return new io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder().withName(name)
                .withProtocol(protocol).withPort(port).build();
    }
}
