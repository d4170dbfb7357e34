package skiff.controllers.podautoscaler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import skiff.controllers.framework.RawRequests;
import skiff.controllers.framework.RawResponse;
import skiff.controllers.framework.ResourceDiscovery;
import skiff.controllers.framework.ServedResource;
import skiff.controllers.framework.ServedResources;

/**
 * Scales through the API: the target's group and kind found by discovery (k/k horizontal.go uses a RESTMapper, so
 * any served kind with a scale subresource, custom ones included), then GET and PUT of its /scale.
 */
public final class ApiTargetScales implements TargetScales {
    private final RawRequests api;
    private final Supplier<ServedResources> discover;
    private volatile ServedResources served;

    public ApiTargetScales(KubernetesClient client) {
        this.api = new RawRequests(client);
        this.discover = () -> ResourceDiscovery.discover(client);
    }

    @Override
    public TargetScale get(String namespace, String apiVersion, String kind, String name)
            throws MetricsUnavailableException {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        ServedResource resource = find(group, kind).orElseThrow(() -> new MetricsUnavailableException(
                "no matches for kind \"" + kind + "\" in group \"" + group + "\""));
        String path = resource.path(namespace, name) + "/scale";
        RawResponse answer = api.send("GET", path, "application/json", null);
        if (!answer.successful()) {
            throw new MetricsUnavailableException(message(answer));
        }
        Map<?, ?> scale = Serialization.unmarshal(answer.body(), Map.class);
        Object spec = scale.get("spec") instanceof Map<?, ?> s ? s.get("replicas") : null;
        Object selector = scale.get("status") instanceof Map<?, ?> s ? s.get("selector") : null;
        return new TargetScale(path, spec instanceof Number n ? n.intValue() : 0,
                selector == null ? "" : selector.toString(), answer.body());
    }

    @Override
    public void update(TargetScale scale, int replicas) throws MetricsUnavailableException {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = Serialization.unmarshal(scale.body(), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) body.computeIfAbsent("spec",
                k -> new java.util.LinkedHashMap<String, Object>());
        spec.put("replicas", replicas);
        RawResponse answer = api.send("PUT", scale.path(), "application/json", Serialization.asJson(body));
        if (!answer.successful()) {
            throw new MetricsUnavailableException(message(answer));
        }
    }

    // A kind not seen yet (a CustomResourceDefinition created since) sends discovery round again.
    private Optional<ServedResource> find(String group, String kind) {
        ServedResources known = served;
        Optional<ServedResource> found = known == null ? Optional.empty() : match(known, group, kind);
        if (found.isEmpty()) {
            served = discover.get();
            found = match(served, group, kind);
        }
        return found;
    }

    private static Optional<ServedResource> match(ServedResources resources, String group, String kind) {
        return resources.all().stream().filter(r -> r.group().equals(group) && r.kind().equals(kind)).findFirst();
    }

    private static String message(RawResponse answer) {
        try {
            Object message = Serialization.unmarshal(answer.body(), Map.class).get("message");
            if (message != null) {
                return message.toString();
            }
        } catch (RuntimeException notStatus) {
            // Fall through.
        }
        return "the server answered " + answer.code();
    }
}
