package skiff.apiserver.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import skiff.api.time.Clock;
import skiff.apiserver.authn.Authentication;
import skiff.apiserver.discovery.ServedSubresources;
import skiff.apiserver.discovery.SubresourceDescription;
import skiff.apiserver.kubelet.KubeletConnections;
import skiff.apiserver.registry.ObjectPart;
import skiff.apiserver.registry.Registries;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.resource.ResourceCatalog;
import skiff.apiserver.resource.ResourceDefinition;

/**
 * The subresource handlers registered per resource. Requests are routed and discovery is built from this one
 * registry, so a subresource is listed exactly when it is served.
 */
final class Subresources implements ServedSubresources {
    // k/k pkg/registry/{core,apps}/*/storage/storage.go: the kinds whose storage has a ScaleREST.
    private static final List<String> SCALABLE =
            List.of("replicationcontrollers", "replicasets.apps", "deployments.apps", "statefulsets.apps");

    private final Map<ResourceDefinition, Map<String, SubresourceHandler>> handlers = new HashMap<>();
    private final Map<String, SubresourceHandler> customStatus;
    private final Map<String, SubresourceHandler> customStatusAndScale;

    private Subresources(Clock clock, PatchHandler patches) {
        SubresourceHandler status = new ObjectPartHandler(ObjectPart.STATUS, clock, patches);
        SubresourceHandler scale = new CustomScaleHandler();
        this.customStatus = Map.of("status", status);
        this.customStatusAndScale = new TreeMap<>(Map.of("status", status, "scale", scale));
    }

    /** The subresources Skiff serves for its built-in resources (k/k pkg/registry/core/rest/storage_core.go et al.). */
    static Subresources builtin(Registries registries, Clock clock, KubeletConnections kubelets, PatchHandler patches,
            Authentication authentication) {
        ResourceCatalog catalog = registries.catalog();
        Subresources s = new Subresources(clock, patches);
        ObjectPartHandler status = new ObjectPartHandler(ObjectPart.STATUS, clock, patches);
        for (ResourceDefinition def : catalog.all()) {
            if (def.hasStatus()) {
                s.register(def, "status", status);
            }
            if (SCALABLE.contains(def.qualifiedResource())) {
                s.register(def, "scale", new ScaleHandler(patches));
            }
        }
        ResourceDefinition pods = catalog.find("", "v1", "pods").orElseThrow();
        ResourceStorage nodes = registries.forResource(catalog.find("", "v1", "nodes").orElseThrow());
        s.register(pods, "binding", new BindingHandler(clock));
        ResourceStorage budgets = registries.forResource(
                catalog.find("policy", "v1", "poddisruptionbudgets").orElseThrow());
        s.register(pods, "eviction", new EvictionHandler(budgets, clock));
        s.register(pods, "ephemeralcontainers", new ObjectPartHandler(ObjectPart.EPHEMERAL_CONTAINERS, clock, patches));
        s.register(pods, "log", new PodLogHandler(nodes, kubelets));
        s.register(pods, "exec", new PodExecHandler(nodes, kubelets, PodExecHandler.Kind.EXEC));
        s.register(pods, "attach", new PodExecHandler(nodes, kubelets, PodExecHandler.Kind.ATTACH));
        s.register(pods, "portforward", new PodPortForwardHandler(nodes, kubelets));
        s.register(catalog.find("", "v1", "nodes").orElseThrow(), "proxy", new NodeProxyHandler(kubelets));
        s.register(catalog.find("", "v1", "namespaces").orElseThrow(), "finalize", new FinalizeHandler(clock));
        s.register(catalog.find("certificates.k8s.io", "v1", "certificatesigningrequests").orElseThrow(), "approval",
                new ObjectPartHandler(ObjectPart.APPROVAL, clock, patches));
        s.register(catalog.find("", "v1", "serviceaccounts").orElseThrow(), "token",
                new TokenRequestHandler(authentication, registries.forResource(pods), nodes, clock));
        return s;
    }

    private void register(ResourceDefinition def, String name, SubresourceHandler handler) {
        handlers.computeIfAbsent(def, d -> new TreeMap<>()).put(name, handler);
    }

    Optional<SubresourceHandler> find(ResourceDefinition def, String name) {
        return Optional.ofNullable(handlersOf(def).get(name));
    }

    @Override
    public List<SubresourceDescription> of(ResourceDefinition resource) {
        return handlersOf(resource).values().stream().map(h -> h.description(resource)).toList();
    }

    // A custom resource's subresources are those its CRD version declares (k/k 1.32 apiextensions-apiserver
    // pkg/apiserver/customresource_handler.go serves status and scale only when declared).
    private Map<String, SubresourceHandler> handlersOf(ResourceDefinition def) {
        if (!def.isCustom()) {
            return handlers.getOrDefault(def, Map.of());
        }
        Map<String, SubresourceHandler> declared = def.custom().scalable() ? customStatusAndScale : customStatus;
        if (!def.hasStatus()) {
            return def.custom().scalable() ? Map.of("scale", declared.get("scale")) : Map.of();
        }
        return declared;
    }
}
