package skiff.apiserver.http;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import skiff.api.time.Clock;
import skiff.apiserver.authn.Authentication;
import skiff.apiserver.authz.AccessReviews;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The create-only resources ({@link ResourceDefinition#createOnly()}): a POST to the collection is decoded with the
 * {@code fieldValidation} parameter and answered by the resource's {@link ReviewHandler} with 201 and the review,
 * which is never stored; every other verb is refused.
 */
final class Reviews {
    private final Map<String, ReviewHandler> handlers;

    /** {@code handlers} by resource name ("tokenreviews"), in any served version. */
    Reviews(Map<String, ReviewHandler> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    /** The reviews of authentication.k8s.io and authorization.k8s.io. */
    static Reviews builtin(Authentication authentication, AccessReviews access, Clock clock) {
        return new Reviews(Map.of(
                "tokenreviews.authentication.k8s.io", createdNow(new TokenReviewHandler(authentication), clock),
                "selfsubjectreviews.authentication.k8s.io", createdNow(new SelfSubjectReviewHandler(), clock),
                "subjectaccessreviews.authorization.k8s.io",
                (ex, namespace, body) -> access.review("SubjectAccessReview", namespace, body, ex.user()),
                "localsubjectaccessreviews.authorization.k8s.io",
                (ex, namespace, body) -> access.review("LocalSubjectAccessReview", namespace, body, ex.user()),
                "selfsubjectaccessreviews.authorization.k8s.io",
                (ex, namespace, body) -> access.review("SelfSubjectAccessReview", namespace, body, ex.user()),
                "selfsubjectrulesreviews.authorization.k8s.io",
                (ex, namespace, body) -> access.review("SelfSubjectRulesReview", namespace, body, ex.user())));
    }

    void handle(Exchange ex, RequestTarget.Resource target) {
        ResourceDefinition def = target.definition();
        ReviewHandler handler = handlers.get(def.qualifiedResource());
        if (handler == null || !ex.method().equals("POST") || !target.collection()
                || target.subresource() != null) {
            throw SubresourceHandler.methodNotAllowed();
        }
        String namespace = target.namespace() == null ? "" : target.namespace();
        FieldValidation fields = FieldValidation.of(ex, def, "CreateOptions");
        ObjectNode body = fields.check(ResourceHandler.objectBody(ex));
        String bodyNamespace = body.path("metadata").path("namespace").asString("");
        if (!def.namespaced() && !bodyNamespace.isEmpty()) {
            // k/k apiserver endpoints/handlers/create.go: a cluster-scoped kind takes no namespace.
            throw StatusException.badRequest("namespace is not allowed on this type");
        }
        if (def.namespaced() && !bodyNamespace.isEmpty() && !bodyNamespace.equals(namespace)) {
            // k/k apiserver registry/rest/create.go EnsureObjectNamespaceMatchesRequestNamespace (1.32).
            throw StatusException.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request");
        }
        ObjectNode review = handler.review(ex, namespace, body);
        review.put("kind", def.kind());
        review.put("apiVersion", def.apiVersion());
        fields.warn(ex);
        ex.sendJson(201, reordered(review));
    }

    // k/k pkg/registry/authentication/selfsubjectreview/rest.go: the answer is stamped with its creation time.
    private static ReviewHandler createdNow(ReviewHandler handler, Clock clock) {
        return (ex, namespace, body) -> {
            ObjectNode review = handler.review(ex, namespace, body);
            review.withObject("metadata").put("creationTimestamp", DateTimeFormatter.ISO_INSTANT.format(
                    clock.now().truncatedTo(ChronoUnit.SECONDS)));
            return review;
        };
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
