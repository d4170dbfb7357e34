package skiff.apiserver.http;

import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.discovery.SubresourceDescription;
import skiff.apiserver.patch.JsonMergePatch;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.StoredObjects;
import skiff.apiserver.registry.WriteOptions;
import skiff.apiserver.registry.WriteOutcome;
import skiff.apiserver.resource.CustomResource;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scale subresource of a custom resource: an autoscaling/v1 Scale read from, and written to, the paths its CRD
 * version names (k/k 1.32 apiextensions-apiserver pkg/registry/customresource/etcd.go ScaleREST).
 */
final class CustomScaleHandler implements SubresourceHandler {
    @Override
    public SubresourceDescription description(ResourceDefinition owner) {
        return new SubresourceDescription("scale", "autoscaling", "v1", "Scale", List.of("get", "patch", "update"));
    }

    @Override
    public void handle(Exchange ex, ResourceStorage storage, RequestTarget.Resource target) {
        CustomResource custom = storage.definition().custom();
        String ns = target.namespace();
        String name = target.name();
        switch (ex.method()) {
            case "GET" -> ex.sendJson(200, custom.scaleOf(storage.get(ns, name)));
            case "PUT", "PATCH" -> {
                WriteOptions options = RequestOptions.write(ex);
                boolean put = ex.method().equals("PUT");
                String type = put ? "" : PatchHandler.patchType(ex, storage.definition());
                JsonNode body = put ? ex.bodyTree() : ex.patchTree(type.equals(PatchHandler.APPLY_YAML));
                WriteOutcome outcome = storage.modifyScale(ns, name, options, current -> {
                    ObjectNode scale = custom.scaleOf(current);
                    JsonNode wanted = switch (type) {
                        case "" -> body;
                        case "application/json-patch+json" -> PatchHandler.jsonPatch(scale, body);
                        default -> JsonMergePatch.apply(scale, body);
                    };
                    String given = wanted.path("metadata").path("name").asString("");
                    if (!given.isEmpty() && !given.equals(name)) {
                        throw StatusException.badRequest("the name of the object (" + given
                                + ") does not match the name on the URL (" + name + ")");
                    }
                    String rv = wanted.path("metadata").path("resourceVersion").asString("");
                    if (!rv.isEmpty() && !rv.equals(StoredObjects.resourceVersion(current))) {
                        throw StatusException.modified(storage.definition(), name);
                    }
                    JsonNode replicas = wanted.path("spec").path("replicas");
                    if (!replicas.isIntegralNumber() || !replicas.canConvertToInt() || replicas.asInt() < 0) {
                        throw StatusException.invalid("autoscaling", "Scale", name, List.of(FieldError.invalid(
                                "spec.replicas", replicas.isIntegralNumber() ? (Object) replicas.asLong()
                                        : replicas.toString(), "must be greater than or equal to 0")));
                    }
                    custom.setReplicas(current, replicas.asInt());
                    return current;
                });
                ex.sendJson(200, custom.scaleOf(outcome.object()));
            }
            default -> throw SubresourceHandler.methodNotAllowed();
        }
    }
}
