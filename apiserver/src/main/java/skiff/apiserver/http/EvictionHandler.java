package skiff.apiserver.http;

import java.util.List;
import java.util.Set;
import skiff.api.json.Json;
import skiff.apiserver.discovery.SubresourceDescription;
import skiff.apiserver.registry.DeleteOptions;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.StoredObjects;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A pod's {@code eviction} subresource (k/k pkg/registry/core/pod/storage/eviction.go EvictionREST, 1.32): a
 * policy/v1 (or v1beta1) Eviction naming the pod deletes it gracefully with the DeleteOptions it carries. Pod
 * disruption budgets are not consulted yet, so an eviction goes ahead as when no budget covers the pod.
 */
final class EvictionHandler implements SubresourceHandler {
    private static final Set<String> API_VERSIONS = Set.of("policy/v1", "policy/v1beta1");
    // eviction.go EvictionsRetry: how often a conflicting delete of a pod that needs no budget check is retried.
    private static final int ATTEMPTS = 20;

    @Override
    public SubresourceDescription description(ResourceDefinition owner) {
        return new SubresourceDescription("eviction", "policy", "v1", "Eviction", List.of("create"));
    }

    @Override
    public void handle(Exchange ex, ResourceStorage pods, RequestTarget.Resource target) {
        if (!ex.method().equals("POST")) {
            throw SubresourceHandler.methodNotAllowed();
        }
        ObjectNode eviction = ResourceHandler.objectBody(ex);
        checkType(eviction);
        // EvictionREST.Create: the Eviction names the pod of the URL.
        if (!eviction.path("metadata").path("name").asString("").equals(target.name())) {
            throw StatusException.badRequest("name in URL does not match name in Eviction object");
        }
        // k/k apiserver endpoints/handlers/create.go: a namespace in the object is the request's.
        String namespace = eviction.path("metadata").path("namespace").asString("");
        if (!namespace.isEmpty() && !namespace.equals(target.namespace())) {
            throw StatusException.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request");
        }
        DeleteOptions options = deleteOptions(ex, eviction.path("deleteOptions"));
        boolean userPinned = options.preconditionResourceVersion() != null;
        for (int attempt = 1; ; attempt++) {
            ObjectNode pod = pods.get(target.namespace(), target.name());
            DeleteOptions attemptOptions = options;
            // canIgnorePDB and shouldEnforceResourceVersion: a pending pod is deleted only as it was read, so that it
            // cannot have become ready in between.
            if (!userPinned && phase(pod).equals("Pending") && !deleting(pod)) {
                attemptOptions = options.withPreconditionResourceVersion(StoredObjects.resourceVersion(pod));
            }
            try {
                pods.delete(target.namespace(), target.name(), attemptOptions);
                break;
            } catch (StatusException e) {
                if (e.code() != 409 || userPinned || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        status.put("code", 201);
        ex.sendJson(201, status);
    }

    // EvictionREST.AcceptsGroupVersion: policy/v1 and policy/v1beta1 Evictions.
    private static void checkType(ObjectNode eviction) {
        String apiVersion = eviction.path("apiVersion").asString("");
        String kind = eviction.path("kind").asString("");
        if ((!apiVersion.isEmpty() && !API_VERSIONS.contains(apiVersion)) || (!kind.isEmpty() && !kind.equals("Eviction"))) {
            throw StatusException.badRequest("not a Eviction object: " + apiVersion + ", Kind=" + kind);
        }
    }

    // eviction.go propagateDryRun: the request's dryRun applies when the Eviction's DeleteOptions name none (both
    // can only say "All").
    private static DeleteOptions deleteOptions(Exchange ex, JsonNode embedded) {
        boolean requestDryRun = RequestOptions.dryRun(ex.params("dryRun"));
        DeleteOptions options = embedded.isObject() ? DeleteRequestOptions.embedded(embedded) : DeleteOptions.DEFAULT;
        return options.withDryRun(options.dryRun() || requestDryRun);
    }

    private static String phase(JsonNode pod) {
        return pod.path("status").path("phase").asString("");
    }

    private static boolean deleting(JsonNode pod) {
        return pod.path("metadata").hasNonNull("deletionTimestamp");
    }
}
