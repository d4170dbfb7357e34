package skiff.apiserver;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code kubernetes} Service in {@code default}, which in-cluster clients reach the API server by, with its
 * Endpoints and EndpointSlice naming this server's advertised address, written by the server itself as k/k's
 * control plane does (pkg/controlplane/controller/kubernetesservice and reconcilers/endpointsadapter.go, 1.32): at
 * start (once {@code default} exists) and every {@link #INTERVAL} after, so a deleted or changed object comes back. The Service has no selector, so
 * the EndpointSlice controller leaves it alone; the Endpoints carry {@code endpointslice.kubernetes.io/skip-mirror}
 * and the EndpointSlice no managed-by label, as k/k's do.
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
    private final String clusterIp;
    private final String advertiseAddress;
    private final int securePort;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("skiff-kubernetes-service").factory());

    KubernetesServiceController(Registries registries, String clusterIp, String advertiseAddress, int securePort) {
        this.registries = registries;
        this.clusterIp = clusterIp;
        this.advertiseAddress = advertiseAddress;
        this.securePort = securePort;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::reconcileLogged, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reconcileLogged() {
        try {
            if (!reconcile()) {
                timer.schedule(this::reconcileLogged, NAMESPACE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot reconcile the kubernetes service: {}", e.getMessage());
        }
    }

    /**
     * Creates the Service, Endpoints and EndpointSlice where missing and puts back what changed; false when the
     * {@code default} namespace does not exist yet (the server's bootstrap creates it).
     */
    boolean reconcile() {
        if (registries.namespaces().find(null, NAMESPACE).isEmpty()) {
            return false;
        }
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
        ObjectNode endpoints = desiredEndpoints();
        write("", "endpoints", endpoints, current -> {
            current.set("subsets", endpoints.get("subsets").deepCopy());
            current.withObject("metadata").withObject("labels").setAll(
                    (ObjectNode) endpoints.path("metadata").path("labels"));
            return current;
        });
        ObjectNode slice = desiredSlice();
        write("discovery.k8s.io", "endpointslices", slice, current -> {
            for (String field : new String[] {"addressType", "endpoints", "ports"}) {
                current.set(field, slice.get(field).deepCopy());
            }
            current.withObject("metadata").withObject("labels").setAll(
                    (ObjectNode) slice.path("metadata").path("labels"));
            return current;
        });
        return true;
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

    private ObjectNode desiredEndpoints() {
        ObjectNode endpoints = object("v1", "Endpoints", NAMESPACE);
        endpoints.withObject("metadata").putObject("labels").put("endpointslice.kubernetes.io/skip-mirror", "true");
        ObjectNode subset = endpoints.putArray("subsets").addObject();
        subset.putArray("addresses").addObject().put("ip", advertiseAddress);
        ObjectNode port = subset.putArray("ports").addObject();
        port.put("name", "https");
        port.put("port", securePort);
        port.put("protocol", "TCP");
        return endpoints;
    }

    private ObjectNode desiredSlice() {
        ObjectNode slice = object("discovery.k8s.io/v1", "EndpointSlice", NAMESPACE);
        slice.withObject("metadata").putObject("labels").put("kubernetes.io/service-name", NAME);
        slice.put("addressType", advertiseAddress.contains(":") ? "IPv6" : "IPv4");
        ObjectNode endpoint = slice.putArray("endpoints").addObject();
        endpoint.putArray("addresses").add(advertiseAddress);
        endpoint.putObject("conditions").put("ready", true);
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

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
