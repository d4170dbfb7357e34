package skiff.apiserver.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skiff.api.json.Json;
import skiff.api.selector.LabelSelector;
import skiff.apiserver.discovery.SubresourceDescription;
import skiff.apiserver.patch.JsonMergePatch;
import skiff.apiserver.patch.StrategicMergePatch;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.StoredObjects;
import skiff.apiserver.registry.WriteOptions;
import skiff.apiserver.registry.WriteOutcome;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code scale} subresource: an autoscaling/v1 Scale view of spec.replicas, status.replicas and the selector
 * (k/k pkg/registry/apps/replicaset/storage/storage.go ScaleREST). Writing it changes only spec.replicas.
 */
final class ScaleHandler implements SubresourceHandler {
    private final PatchHandler patches;

    ScaleHandler(PatchHandler patches) {
        this.patches = patches;
    }

    @Override
    public SubresourceDescription description(ResourceDefinition owner) {
        return new SubresourceDescription("scale", "autoscaling", "v1", "Scale", List.of("get", "patch", "update"));
    }

    @Override
    public void handle(Exchange ex, ResourceStorage storage, RequestTarget.Resource target) {
        String ns = target.namespace();
        String name = target.name();
        switch (ex.method()) {
            case "GET" -> ex.sendJson(200, scaleOf(storage.get(ns, name)));
            case "PUT", "PATCH" -> {
                WriteOptions options = RequestOptions.write(ex);
                boolean put = ex.method().equals("PUT");
                String type = put ? ex.contentType() : PatchHandler.patchType(ex);
                JsonNode body = put ? ex.bodyTree() : ex.patchTree(type.equals(PatchHandler.APPLY_YAML));
                WriteOutcome outcome = storage.modifyScale(ns, name, options, current -> {
                    ObjectNode scale = scaleOf(current);
                    JsonNode wanted = switch (put ? "" : type) {
                        case "" -> body;
                        case "application/strategic-merge-patch+json" -> StrategicMergePatch.apply(scale, body);
                        case "application/json-patch+json" -> PatchHandler.jsonPatch(scale, body);
                        default -> JsonMergePatch.apply(scale, body);
                    };
                    checkName(wanted, name);
                    String rv = wanted.path("metadata").path("resourceVersion").asString("");
                    if (!rv.isEmpty() && !rv.equals(StoredObjects.resourceVersion(current))) {
                        throw StatusException.modified(storage.definition(), name);
                    }
                    // Go decodes a missing spec.replicas as 0.
                    JsonNode replicas = wanted.path("spec").path("replicas");
                    if (replicas.isMissingNode() || replicas.isNull()) {
                        replicas = IntNode.valueOf(0);
                    }
                    if (!replicas.isIntegralNumber() || !replicas.canConvertToInt() || replicas.asInt() < 0) {
                        // k/k pkg/registry/apps/deployment/storage ScaleREST.Update: a Scale.autoscaling error.
                        throw StatusException.invalid("autoscaling", "Scale", name, java.util.List.of(
                                skiff.api.validation.FieldError.invalid("spec.replicas",
                                        replicas.isIntegralNumber() && replicas.canConvertToLong() ? (Object) replicas.asLong()
                                                : replicas.toString(),
                                        "must be greater than or equal to 0")));
                    }
                    ((ObjectNode) current.withObject("spec")).put("replicas", replicas.asInt());
                    return current;
                });
                ex.sendJson(200, scaleOf(outcome.object()));
            }
            default -> throw StatusException.methodNotAllowed(
                    "the server does not allow this method on the requested resource");
        }
    }

    // k/k apiserver endpoints/handlers/rest.go checkName (1.32): the written Scale must name the object of the URL.
    private static void checkName(JsonNode scale, String name) {
        String given = scale.path("metadata").path("name").isString() ? scale.path("metadata").path("name").asString()
                : "";
        if (given.isEmpty()) {
            throw StatusException.badRequest("the name of the object (" + name + " based on URL) was undeterminable: "
                    + "name must be provided");
        }
        if (!given.equals(name)) {
            throw StatusException.badRequest("the name of the object (" + given + ") does not match the name on the URL ("
                    + name + ")");
        }
    }

    static ObjectNode scaleOf(ObjectNode object) {
        ObjectNode scale = Json.object();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        JsonNode m = object.path("metadata");
        for (String f : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (m.has(f)) {
                meta.set(f, m.get(f).deepCopy());
            }
        }
        scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(1));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", object.path("status").path("replicas").asInt(0));
        String selector = selectorOf(object.path("spec").path("selector"));
        if (!selector.isEmpty()) {
            status.put("selector", selector);
        }
        return scale;
    }

    private static String selectorOf(JsonNode selector) {
        if (selector.isMissingNode() || selector.isNull()) {
            return "";
        }
        if (selector.has("matchLabels") || selector.has("matchExpressions")) {
            return LabelSelector.fromFabric8(Json.convert(selector, io.fabric8.kubernetes.api.model.LabelSelector.class))
                    .toString();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        selector.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        return LabelSelector.fromMap(labels).toString();
    }
}
