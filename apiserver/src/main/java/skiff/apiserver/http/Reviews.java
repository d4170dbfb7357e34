package skiff.apiserver.http;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import skiff.api.time.Clock;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The create-only resources ({@link ResourceDefinition#createOnly()}): a POST to the collection is answered by the
 * resource's {@link ReviewHandler} with 201 and the review, which is never stored; every other verb is refused.
 */
final class Reviews {
    private final Map<String, ReviewHandler> handlers;
    private final Clock clock;

    /** {@code handlers} by resource name ("tokenreviews"), in any served version. */
    Reviews(Map<String, ReviewHandler> handlers, Clock clock) {
        this.handlers = Map.copyOf(handlers);
        this.clock = clock;
    }

    void handle(Exchange ex, RequestTarget.Resource target) {
        ResourceDefinition def = target.definition();
        ReviewHandler handler = handlers.get(def.qualifiedResource());
        if (handler == null || !ex.method().equals("POST") || !target.collection()
                || target.subresource() != null) {
            throw SubresourceHandler.methodNotAllowed();
        }
        ObjectNode body = ResourceHandler.objectBody(ex);
        // k/k apiserver endpoints/handlers/create.go: a cluster-scoped kind takes no namespace.
        if (!body.path("metadata").path("namespace").asString("").isEmpty()) {
            throw StatusException.badRequest("namespace is not allowed on this type");
        }
        ObjectNode review = handler.review(ex, body);
        review.put("kind", def.kind());
        review.put("apiVersion", def.apiVersion());
        ObjectNode metadata = review.withObject("metadata");
        metadata.put("creationTimestamp", DateTimeFormatter.ISO_INSTANT.format(
                clock.now().truncatedTo(ChronoUnit.SECONDS)));
        ex.sendJson(201, reordered(review));
    }

    private static ObjectNode reordered(ObjectNode review) {
        ObjectNode out = review.objectNode();
        out.set("kind", review.get("kind"));
        out.set("apiVersion", review.get("apiVersion"));
        review.properties().forEach(e -> {
            if (!out.has(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }
}
