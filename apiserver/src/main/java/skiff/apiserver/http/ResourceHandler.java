package skiff.apiserver.http;

import java.util.List;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.apiserver.authn.Authentication;
import skiff.apiserver.authz.AccessReviews;
import skiff.apiserver.kubelet.KubeletConnections;
import skiff.apiserver.metrics.ApiServerMetrics;
import skiff.apiserver.resourcemetrics.MetricsStore;
import skiff.apiserver.registry.DeleteOptions;
import skiff.apiserver.registry.DeleteResult;
import skiff.apiserver.registry.ListOptions;
import skiff.apiserver.registry.ListResult;
import skiff.apiserver.registry.ObjectPart;
import skiff.apiserver.registry.Registries;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.StoredObjects;
import skiff.apiserver.registry.WriteOutcome;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The REST verbs on one resource's collection and objects (k/k apiserver endpoints/handlers); requests to a
 * subresource go to the handler registered for it in {@link Subresources}.
 */
final class ResourceHandler {
    private final Registries storages;
    private final Clock clock;
    private final WatchHandler watches;
    private final PatchHandler patches;
    private final Subresources subresources;
    private final Reviews reviews;
    private final ResourceMetricsHandler resourceMetrics;

    ResourceHandler(Registries storages, Clock clock, KubeletConnections kubelets, Authentication authentication,
            ApiServerMetrics metrics, MetricsStore resourceMetrics) {
        this.storages = storages;
        this.clock = clock;
        this.watches = new WatchHandler(clock, metrics);
        this.patches = new PatchHandler();
        this.subresources = Subresources.builtin(storages, clock, kubelets, patches, authentication);
        this.reviews = Reviews.builtin(authentication,
                new AccessReviews(storages.requestAuthorizer(), storages.authorizer()), clock);
        this.resourceMetrics = new ResourceMetricsHandler(storages, resourceMetrics, clock);
    }

    /** The subresources served, for discovery. */
    Subresources subresources() {
        return subresources;
    }

    void handle(Exchange ex, RequestTarget.Resource target) throws InterruptedException {
        ResourceDefinition def = target.definition();
        // k/k 1.32 apiextensions-apiserver customresource_handler.go ServeHTTP: every request to a deprecated
        // version of a custom resource, subresources included, carries its warning.
        if (def.isCustom()) {
            def.custom().deprecationWarning().ifPresent(ex::warning);
        }
        if (def.createOnly()) {
            reviews.handle(ex, target);
            return;
        }
        if (def.readOnly()) {
            resourceMetrics.handle(ex, target);
            return;
        }
        ResourceStorage storage = served(def);
        if (target.subresource() != null) {
            subresource(target).handle(ex, storage, target);
            return;
        }
        switch (ex.method()) {
            case "GET" -> {
                if (target.collection()) {
                    if (ex.flag("watch")) {
                        watches.serve(ex, ex, storage, target.namespace(), RequestOptions.list(ex, def));
                    } else {
                        list(ex, storage, target.namespace());
                    }
                } else {
                    respond(ex, 200, def, storage.get(target.namespace(), target.name(), ex.param("resourceVersion")),
                            clock);
                }
            }
            case "POST" -> {
                requireCollection(target);
                if (target.namespace() == null && def.namespaced()) {
                    throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
                }
                FieldValidation fields = FieldValidation.of(ex, def, "CreateOptions");
                ObjectNode created = storage.create(target.namespace(), fields.check(objectBody(ex)),
                        RequestOptions.write(ex));
                fields.warn(ex);
                respond(ex, 201, def, created, clock);
            }
            case "PUT" -> {
                requireObject(target);
                FieldValidation fields = FieldValidation.of(ex, def, "UpdateOptions");
                WriteOutcome outcome = storage.update(target.namespace(), target.name(), fields.check(objectBody(ex)),
                        RequestOptions.write(ex));
                fields.warn(ex);
                respond(ex, outcome.created() ? 201 : 200, def, outcome.object(), clock);
            }
            case "PATCH" -> {
                requireObject(target);
                WriteOutcome outcome = patches.patch(ex, storage, target.namespace(), target.name(), ObjectPart.MAIN);
                respond(ex, outcome.created() ? 201 : 200, def, outcome.object(), clock);
            }
            case "DELETE" -> {
                DeleteOptions options = RequestOptions.delete(ex);
                if (target.collection()) {
                    deleteCollection(ex, storage, target.namespace(), RequestOptions.list(ex, def), options);
                } else {
                    delete(ex, storage, target, options);
                }
            }
            default -> throw StatusException.methodNotAllowed(
                    "the server does not allow this method on the requested resource");
        }
    }

    /** A WebSocket upgrade: a watch of a collection, or a subresource's stream (a pod's exec). */
    void watch(WebSocketWatch socket, RequestTarget.Resource target) throws InterruptedException {
        ResourceDefinition def = target.definition();
        if (def.createOnly() || def.readOnly()) {
            throw SubresourceHandler.methodNotAllowed();
        }
        if (target.subresource() != null) {
            subresource(target).upgrade(socket, served(def), target);
            return;
        }
        if (!target.collection() || !socket.flag("watch")) {
            throw StatusException.badRequest("only watch requests may upgrade to a WebSocket");
        }
        watches.serve(socket, socket, served(def), target.namespace(), RequestOptions.list(socket, def));
    }

    /** The storage of {@code def}; a custom resource whose CRD went away since the request was routed is gone. */
    private ResourceStorage served(ResourceDefinition def) {
        ResourceStorage storage = storages.forResource(def);
        if (storage == null) {
            throw StatusException.notFound("the server could not find the requested resource");
        }
        return storage;
    }

    private SubresourceHandler subresource(RequestTarget.Resource target) {
        return subresources.find(target.definition(), target.subresource())
                .orElseThrow(() -> StatusException.notFound("the server could not find the requested resource"));
    }

    private void list(Exchange ex, ResourceStorage storage, String namespace) {
        ResourceDefinition def = storage.definition();
        ListResult result = storage.list(namespace, RequestOptions.list(ex, def));
        Representation rep = Representation.from(ex.header("Accept"));
        ex.sendJson(200, rep.renderList(def, result, Representation.includeObject(ex.param("includeObject")),
                clock.now()));
    }

    private void delete(Exchange ex, ResourceStorage storage, RequestTarget.Resource target, DeleteOptions options) {
        ResourceDefinition def = storage.definition();
        DeleteResult result = storages.delete(def, target.namespace(), target.name(), options);
        ObjectNode object = result.object();
        // k/k apiserver endpoints/handlers/delete.go: 202 only when the object stays and the caller asked for cascading
        // with the deprecated orphanDependents=false; 200 otherwise, graceful and finalizer-held deletes included.
        int code = !(result instanceof DeleteResult.DeletedNow) && Boolean.FALSE.equals(options.orphanDependents())
                ? 202 : 200;
        if (result instanceof DeleteResult.MarkedForDeletion || def.returnDeletedObject()) {
            respond(ex, code, def, object, clock);
        } else {
            ex.sendJson(code, success(def, object));
        }
    }

    private void deleteCollection(Exchange ex, ResourceStorage storage, String namespace, ListOptions listOptions,
            DeleteOptions options) {
        ResourceDefinition def = storage.definition();
        List<ObjectNode> deleted = storage.deleteCollection(namespace, listOptions, options);
        ObjectNode list = Json.object();
        list.put("kind", def.listKind());
        list.put("apiVersion", def.apiVersion());
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        deleted.forEach(items::add);
        ex.sendJson(200, list);
    }

    // k/k apiserver registry/generic/registry/store.go Delete: without ReturnDeletedObject, a success Status.
    private static ObjectNode success(ResourceDefinition def, ObjectNode object) {
        ObjectNode s = Json.object();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Success");
        ObjectNode details = s.putObject("details");
        details.put("name", StoredObjects.name(object));
        if (!def.group().isEmpty()) {
            details.put("group", def.group());
        }
        details.put("kind", def.resource());
        details.put("uid", StoredObjects.uid(object));
        return s;
    }

    static void respond(Exchange ex, int code, ResourceDefinition def, ObjectNode object, Clock clock) {
        Representation rep = Representation.from(ex.header("Accept"));
        ex.sendJson(code, rep.render(def, object, Representation.includeObject(ex.param("includeObject")), clock.now()));
    }

    static ObjectNode objectBody(Exchange ex) {
        JsonNode body = ex.bodyTree();
        if (!(body instanceof ObjectNode o)) {
            throw StatusException.badRequest("the object provided is unrecognized: expected a JSON object");
        }
        return o;
    }

    private static void requireCollection(RequestTarget.Resource target) {
        if (!target.collection()) {
            throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private static void requireObject(RequestTarget.Resource target) {
        if (target.collection()) {
            throw StatusException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }
}
