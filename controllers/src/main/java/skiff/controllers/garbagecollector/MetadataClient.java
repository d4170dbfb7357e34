package skiff.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Optional;
import skiff.api.json.Json;
import skiff.controllers.framework.RawRequests;
import skiff.controllers.framework.RawResponse;
import skiff.controllers.framework.ServedResource;
import skiff.controllers.framework.ServedResources;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The garbage collector's reads and writes of objects of any kind, by {@link ObjectIdentity} (k/k
 * pkg/controller/garbagecollector/operations.go, which uses the metadata client). Writes answer an outcome: done,
 * the object is gone, or it changed since it was read.
 */
final class MetadataClient {
    enum Outcome { DONE, GONE, CONFLICT }

    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final KubernetesClient client;
    private volatile ServedResources served;
    private final RawRequests raw;

    MetadataClient(KubernetesClient client, ServedResources served) {
        this.client = client;
        this.served = served;
        this.raw = new RawRequests(client);
    }

    /** Addresses objects by what discovery serves now (custom resources come and go). */
    void serve(ServedResources resources) {
        served = resources;
    }

    Optional<ServedResource> resource(String apiVersion, String kind) {
        return served.byKind(apiVersion, kind);
    }

    /** The object as stored now, if one with that name and the identity's uid exists. */
    Optional<GenericKubernetesResource> get(ObjectIdentity id) {
        ServedResource r = servedOrThrow(id);
        MixedOperation<GenericKubernetesResource, ?, Resource<GenericKubernetesResource>> op =
                client.genericKubernetesResources(r.context());
        Resource<GenericKubernetesResource> one = r.namespaced()
                ? op.inNamespace(id.namespace()).withName(id.name()) : op.withName(id.name());
        GenericKubernetesResource found = one.get();
        return Optional.ofNullable(found).filter(o -> id.uid().equals(o.getMetadata().getUid()));
    }

    /**
     * Deletes the object if it still has the identity's uid and, when {@code resourceVersion} is not null, that
     * resourceVersion (k/k operations.go deleteObject sends the same preconditions).
     */
    Outcome delete(ObjectIdentity id, String resourceVersion, DeletionPropagation policy) {
        ObjectNode options = Json.object();
        options.put("apiVersion", "v1");
        options.put("kind", "DeleteOptions");
        options.put("propagationPolicy", policy.toString());
        ObjectNode preconditions = options.putObject("preconditions");
        preconditions.put("uid", id.uid());
        if (resourceVersion != null) {
            preconditions.put("resourceVersion", resourceVersion);
        }
        return outcome("DELETE", id, raw.send("DELETE", path(id), "application/json", Json.string(options)));
    }

    /** Replaces the object's ownerReferences, if it is still at {@code resourceVersion}. */
    Outcome setOwnerReferences(ObjectIdentity id, String resourceVersion, List<OwnerReference> refs) {
        ArrayNode list = Json.mapper().createArrayNode();
        for (OwnerReference ref : refs) {
            ObjectNode r = list.addObject();
            r.put("apiVersion", ref.getApiVersion());
            r.put("kind", ref.getKind());
            r.put("name", ref.getName());
            r.put("uid", ref.getUid());
            if (ref.getController() != null) {
                r.put("controller", ref.getController());
            }
            if (ref.getBlockOwnerDeletion() != null) {
                r.put("blockOwnerDeletion", ref.getBlockOwnerDeletion());
            }
        }
        ObjectNode patch = metadataPatch(resourceVersion);
        if (refs.isEmpty()) {
            patch.withObject("metadata").putNull("ownerReferences");
        } else {
            patch.withObject("metadata").set("ownerReferences", list);
        }
        return outcome("PATCH", id, raw.send("PATCH", path(id), MERGE_PATCH, Json.string(patch)));
    }

    /** Replaces the object's finalizers, if it is still at {@code resourceVersion}. */
    Outcome setFinalizers(ObjectIdentity id, String resourceVersion, List<String> finalizers) {
        ObjectNode patch = metadataPatch(resourceVersion);
        ArrayNode list = patch.withObject("metadata").putArray("finalizers");
        finalizers.forEach(list::add);
        return outcome("PATCH", id, raw.send("PATCH", path(id), MERGE_PATCH, Json.string(patch)));
    }

    // A resourceVersion inside a patch makes the API server apply it only to that version (else 409 Conflict).
    private static ObjectNode metadataPatch(String resourceVersion) {
        ObjectNode patch = Json.object();
        patch.putObject("metadata").put("resourceVersion", resourceVersion);
        return patch;
    }

    private String path(ObjectIdentity id) {
        return servedOrThrow(id).path(id.namespace(), id.name());
    }

    private ServedResource servedOrThrow(ObjectIdentity id) {
        return served.byKind(id.apiVersion(), id.kind()).orElseThrow(() -> new IllegalStateException(
                "kind " + id.kind() + " in " + id.apiVersion() + " is not served"));
    }

    private static Outcome outcome(String verb, ObjectIdentity id, RawResponse response) {
        return switch (response.code()) {
            case 200, 201, 202 -> Outcome.DONE;
            case 404 -> Outcome.GONE;
            case 409 -> Outcome.CONFLICT;
            default -> throw new KubernetesClientException(verb + " " + id + ": HTTP " + response.code() + ": "
                    + response.body(), response.code(), null);
        };
    }
}
