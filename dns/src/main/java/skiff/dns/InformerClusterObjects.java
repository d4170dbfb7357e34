package skiff.dns;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import skiff.api.time.Clock;
import skiff.client.informers.InformerRestarts;

/** {@link ClusterObjects} from informers on Services, EndpointSlices and Namespaces (CoreDNS' dnsController). */
public final class InformerClusterObjects implements ClusterObjects, AutoCloseable {
    private static final String COMPONENT = "cluster-dns";
    private static final String BY_CLUSTER_IP = "clusterIP";
    private static final String BY_SERVICE = "service";
    private static final String BY_ADDRESS = "address";

    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<EndpointSlice> slices;
    private final SharedIndexInformer<Namespace> namespaces;
    private final AtomicLong serial;

    private InformerClusterObjects(KubernetesClient client, Clock clock) {
        this.serial = new AtomicLong(clock.now().getEpochSecond());
        services = InformerRestarts.install(COMPONENT, client.services().inAnyNamespace().runnableInformer(0));
        slices = InformerRestarts.install(COMPONENT,
                client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0));
        namespaces = InformerRestarts.install(COMPONENT, client.namespaces().runnableInformer(0));
        services.addIndexers(Map.of(BY_CLUSTER_IP, InformerClusterObjects::clusterIps));
        slices.addIndexers(Map.of(BY_SERVICE, InformerClusterObjects::serviceKey, BY_ADDRESS,
                InformerClusterObjects::addresses));
        for (SharedIndexInformer<? extends HasMetadata> informer : List.of(services, slices, namespaces)) {
            informer.addEventHandler(new ResourceEventHandler<HasMetadata>() {
                @Override
                public void onAdd(HasMetadata obj) {
                    serial.set(clock.now().getEpochSecond());
                }

                @Override
                public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
                    serial.set(clock.now().getEpochSecond());
                }

                @Override
                public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
                    serial.set(clock.now().getEpochSecond());
                }
            });
        }
    }

    /**
     * Starts the informers and waits up to {@code syncTimeout} for their first lists.
     *
     * @return the objects, synced unless {@link #synced()} says otherwise
     */
    public static InformerClusterObjects start(KubernetesClient client, Clock clock, Duration syncTimeout) {
        InformerClusterObjects objects = new InformerClusterObjects(client, clock);
        CompletableFuture<?>[] started = List.of(objects.services, objects.slices, objects.namespaces).stream()
                .map(i -> i.start().toCompletableFuture()).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(started).get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Not synced yet: the informers keep trying (InformerRestarts) and answers follow once they list.
        }
        return objects;
    }

    @Override
    public boolean synced() {
        return services.hasSynced() && slices.hasSynced() && namespaces.hasSynced();
    }

    @Override
    public Optional<Service> service(String namespace, String name) {
        return Optional.ofNullable(services.getStore().getByKey(namespace + "/" + name));
    }

    @Override
    public List<EndpointSlice> endpointSlices(String namespace, String serviceName) {
        return slices.getIndexer().byIndex(BY_SERVICE, namespace + "/" + serviceName);
    }

    /** The cached slice named {@code name} in {@code namespace}, if any. */
    public Optional<EndpointSlice> endpointSlice(String namespace, String name) {
        return Optional.ofNullable(slices.getStore().getByKey(namespace + "/" + name));
    }

    @Override
    public boolean namespaceExists(String name) {
        return namespaces.getStore().getByKey(name) != null;
    }

    @Override
    public List<Service> servicesWithClusterIp(String ip) {
        return services.getIndexer().byIndex(BY_CLUSTER_IP, ip);
    }

    @Override
    public List<EndpointSlice> endpointSlicesWithAddress(String ip) {
        return slices.getIndexer().byIndex(BY_ADDRESS, ip);
    }

    @Override
    public long serial() {
        return serial.get();
    }

    private static List<String> clusterIps(Service service) {
        var spec = service.getSpec();
        if (spec == null) {
            return List.of();
        }
        List<String> ips = new ArrayList<>();
        if (spec.getClusterIPs() != null) {
            ips.addAll(spec.getClusterIPs());
        }
        if (spec.getClusterIP() != null && !ips.contains(spec.getClusterIP())) {
            ips.add(spec.getClusterIP());
        }
        ips.removeIf(ip -> ip == null || ip.isEmpty() || ip.equals("None"));
        return ips;
    }

    private static List<String> serviceKey(EndpointSlice slice) {
        var labels = slice.getMetadata().getLabels();
        String service = labels == null ? null : labels.get("kubernetes.io/service-name");
        return service == null ? List.of() : List.of(slice.getMetadata().getNamespace() + "/" + service);
    }

    private static List<String> addresses(EndpointSlice slice) {
        if (slice.getEndpoints() == null) {
            return List.of();
        }
        return slice.getEndpoints().stream().filter(e -> e.getAddresses() != null)
                .flatMap(e -> e.getAddresses().stream()).distinct().toList();
    }

    @Override
    public void close() {
        services.close();
        slices.close();
        namespaces.close();
    }
}
