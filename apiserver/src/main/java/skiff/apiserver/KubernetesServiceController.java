package skiff.apiserver;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.json.Json;
import skiff.apiserver.registry.ObjectPart;
import skiff.apiserver.registry.Registries;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.WriteOptions;
import skiff.apiserver.resource.ResourceDefinition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code kubernetes} Service in {@code default}, which in-cluster clients reach the API server by, with its
 * Endpoints and EndpointSlice naming the advertised address of every live server on the store, written by the servers
 * themselves as k/k's control plane does (pkg/controlplane/controller/kubernetesservice, reconcilers/lease.go and
 * endpointsadapter.go, 1.32): at start (once {@code default} exists) and every {@link #INTERVAL} after, each server
 * renews its own {@link ApiServerLeases lease} and puts the live servers' addresses, sorted, in the Endpoints, so a
 * deleted or changed object comes back, a new server joins the list and one that stopped leaves it: at once when it
 * stops cleanly, within the leases' TTL (and an interval) when it dies. The Service has no selector, so the
 * EndpointSlice controller leaves it alone; the Endpoints carry {@code endpointslice.kubernetes.io/skip-mirror} and
 * the EndpointSlice no managed-by label, as k/k's do.
 */
final class KubernetesServiceController implements AutoCloseable {
    /** k/k kube-apiserver --endpoint-reconciler interval: the control plane's endpoints are checked every 10 s. */
    static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration NAMESPACE_WAIT = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesServiceController.class);
    private static final String NAMESPACE = "default";
    private static final String NAME = "kubernetes";
    private static final WriteOptions WRITE = new WriteOptions(false, "kube-apiserver");

    private final Registries registries;
    private final ApiServerLeases leases;
    private final String clusterIp;
    private final String advertiseAddress;
    private final int securePort;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().daemon().name("skiff-kubernetes-service").factory());

    KubernetesServiceController(Registries registries, ApiServerLeases leases, String clusterIp,
            String advertiseAddress, int securePort) {
        this.registries = registries;
        this.leases = leases;
        this.clusterIp = clusterIp;
        this.advertiseAddress = advertiseAddress;
        this.securePort = securePort;
        // A reconcile under way when the server stops ends (never interrupted in a store call); none starts after.
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    void start() {
        timer.scheduleWithFixedDelay(this::reconcileLogged, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reconcileLogged() {
        try {
            if (!reconcile() && !timer.isShutdown()) {
                timer.schedule(this::reconcileLogged, NAMESPACE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot reconcile the kubernetes service: {}", e.getMessage());
        }
    }

    /**
     * Renews this server's lease, creates the Service, Endpoints and EndpointSlice where missing and puts back what
     * changed; false when the {@code default} namespace does not exist yet (the server's bootstrap creates it).
     */
    boolean reconcile() {
        if (registries.namespaces().find(null, NAMESPACE).isEmpty()) {
            return false;
        }
        // leaseEndpointReconciler.ReconcileEndpoints: the own lease first, whatever happens below.
        leases.renew(advertiseAddress);
        List<String> addresses = leases.live();
        if (addresses.isEmpty()) {
            // doReconcile: no lease listed, not even the one just renewed, means the store is amiss; keep what is.
            LOG.warn("no API server addresses were listed in storage, refusing to erase all endpoints for the "
                    + "kubernetes Service");
        } else {
            writeServiceAndEndpoints(addresses);
        }
        return true;
    }

    private void writeServiceAndEndpoints(List<String> addresses) {
        ObjectNode service = desiredService();
        write("", "services", service, current -> {
            // CreateOrUpdateMasterServiceIfNeeded: only the ports and the type are put back; the IP never changes.
            ObjectNode spec = current.withObject("spec");
            JsonNode wanted = service.path("spec");
            if (!spec.path("ports").equals(wanted.path("ports")) || !spec.path("type").equals(wanted.path("type"))) {
                spec.set("ports", wanted.get("ports").deepCopy());
                spec.set("type", wanted.get("type").deepCopy());
            }
            return current;
        });
        ObjectNode endpoints = desiredEndpoints(addresses);
        write("", "endpoints", endpoints, current -> {
            current.set("subsets", endpoints.get("subsets").deepCopy());
            current.withObject("metadata").withObject("labels").setAll(
                    (ObjectNode) endpoints.path("metadata").path("labels"));
            return current;
        });
        ObjectNode slice = desiredSlice(addresses);
        write("discovery.k8s.io", "endpointslices", slice, current -> {
            for (String field : new String[] {"addressType", "endpoints", "ports"}) {
                current.set(field, slice.get(field).deepCopy());
            }
            current.withObject("metadata").withObject("labels").setAll(
                    (ObjectNode) slice.path("metadata").path("labels"));
            return current;
        });
    }

    private void write(String group, String resource, ObjectNode desired, UnaryOperator<ObjectNode> change) {
        ResourceDefinition def = registries.catalog().find(group, "v1", resource).orElseThrow();
        ResourceStorage storage = registries.forResource(def);
        storage.modify(NAMESPACE, NAME, ObjectPart.MAIN, WRITE, change, desired);
    }

    private ObjectNode desiredService() {
        ObjectNode service = object("v1", "Service", NAMESPACE);
        ObjectNode labels = service.withObject("metadata").putObject("labels");
        labels.put("component", "apiserver");
        labels.put("provider", "kubernetes");
        ObjectNode spec = service.putObject("spec");
        spec.put("type", "ClusterIP");
        spec.put("clusterIP", clusterIp);
        spec.put("sessionAffinity", "None");
        ObjectNode port = spec.putArray("ports").addObject();
        port.put("name", "https");
        port.put("protocol", "TCP");
        port.put("port", 443);
        port.put("targetPort", securePort);
        return service;
    }

    private ObjectNode desiredEndpoints(List<String> addresses) {
        ObjectNode endpoints = object("v1", "Endpoints", NAMESPACE);
        endpoints.withObject("metadata").putObject("labels").put("endpointslice.kubernetes.io/skip-mirror", "true");
        ObjectNode subset = endpoints.putArray("subsets").addObject();
        ArrayNode ips = subset.putArray("addresses");
        addresses.forEach(ip -> ips.addObject().put("ip", ip));
        ObjectNode port = subset.putArray("ports").addObject();
        port.put("name", "https");
        port.put("port", securePort);
        port.put("protocol", "TCP");
        return endpoints;
    }

    // endpointsadapter.go endpointSliceFromEndpoints: one endpoint, ready, for each address of the Endpoints.
    private ObjectNode desiredSlice(List<String> addresses) {
        ObjectNode slice = object("discovery.k8s.io/v1", "EndpointSlice", NAMESPACE);
        slice.withObject("metadata").putObject("labels").put("kubernetes.io/service-name", NAME);
        slice.put("addressType", advertiseAddress.contains(":") ? "IPv6" : "IPv4");
        ArrayNode endpoints = slice.putArray("endpoints");
        for (String ip : addresses) {
            ObjectNode endpoint = endpoints.addObject();
            endpoint.putArray("addresses").add(ip);
            endpoint.putObject("conditions").put("ready", true);
        }
        ObjectNode port = slice.putArray("ports").addObject();
        port.put("name", "https");
        port.put("port", securePort);
        port.put("protocol", "TCP");
        return slice;
    }

    private static ObjectNode object(String apiVersion, String kind, String namespace) {
        ObjectNode o = Json.object();
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        ObjectNode meta = o.putObject("metadata");
        meta.put("name", NAME);
        meta.put("namespace", namespace);
        return o;
    }

    /**
     * Stops reconciling, then takes this server out of the endpoints: its lease goes and the others' addresses are
     * written (k/k leaseEndpointReconciler StopReconciling and RemoveEndpoints, in the pre-shutdown hook). The last
     * server leaves its address in place, as k/k's refuses to erase every endpoint, without k/k's error line.
     */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
            leases.remove(advertiseAddress);
            List<String> others = leases.live();
            if (!others.isEmpty() && registries.namespaces().find(null, NAMESPACE).isPresent()) {
                writeServiceAndEndpoints(others);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("cannot remove this server from the kubernetes service's endpoints: {}", e.getMessage());
        }
    }
}
