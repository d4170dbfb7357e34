package skiff.apiserver.status;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import skiff.apiserver.resource.ResourceDefinition;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request failed in a way the client must hear about: carries the Kubernetes {@code Status} that is sent back,
 * with its HTTP code, reason, message and details (k/k staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go).
 */
public final class StatusException extends RuntimeException {
    private final int code;
    private final String reason;
    private final ObjectNode details;

    private StatusException(int code, String reason, String message, ObjectNode details) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    /** The Status object as sent on the wire. */
    public ObjectNode status() {
        ObjectNode s = Json.object();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", getMessage());
        // apimachinery meta/v1 Status: reason is omitempty (an unknown reason is sent as none).
        if (reason != null && !reason.isEmpty()) {
            s.put("reason", reason);
        }
        if (details != null) {
            s.set("details", details);
        }
        s.put("code", code);
        return s;
    }

    private static ObjectNode details(String name, String group, String kind) {
        ObjectNode d = Json.object();
        if (name != null && !name.isEmpty()) {
            d.put("name", name);
        }
        if (group != null && !group.isEmpty()) {
            d.put("group", group);
        }
        d.put("kind", kind);
        return d;
    }

    public static StatusException notFound(ResourceDefinition def, String name) {
        return new StatusException(404, "NotFound", def.qualifiedResource() + " \"" + name + "\" not found",
                details(name, def.group(), def.resource()));
    }

    // k/k plugin/pkg/admission/namespace/lifecycle: a request into a missing namespace gets that namespace's NotFound.
    /** A NotFound of {@code resource} in {@code group} ("" for core), worded as k/k apimachinery errors.NewNotFound. */
    public static StatusException notFound(String group, String resource, String name) {
        return new StatusException(404, "NotFound", (group.isEmpty() ? resource : resource + "." + group) + " \""
                + name + "\" not found", details(name, group, resource));
    }

    public static StatusException namespaceNotFound(String namespace) {
        return new StatusException(404, "NotFound", "namespaces \"" + namespace + "\" not found",
                details(namespace, "", "namespaces"));
    }

    /**
     * A path that names nothing served. Details are present but empty, as k/k apiserver pkg/server/handler.go answers
     * through NewGenericServerResponse; clients (kubectl debug) tell it from a missing object by the empty name.
     */
    public static StatusException notFound(String message) {
        return new StatusException(404, "NotFound", message, Json.object());
    }

    public static StatusException alreadyExists(ResourceDefinition def, String name) {
        return new StatusException(409, "AlreadyExists",
                def.qualifiedResource() + " \"" + name + "\" already exists", details(name, def.group(), def.resource()));
    }

    public static StatusException conflict(ResourceDefinition def, String name, String why) {
        return new StatusException(409, "Conflict",
                "Operation cannot be fulfilled on " + def.qualifiedResource() + " \"" + name + "\": " + why,
                details(name, def.group(), def.resource()));
    }

    /** One field-level cause of a failure, as a Status lists it in {@code details.causes}. */
    public record Cause(String reason, String message, String field) {}

    /**
     * A server-side apply that would change fields other managers own (k/k apimachinery api/errors
     * NewApplyConflict): the details carry only the causes.
     */
    public static StatusException applyConflict(String message, List<Cause> causes) {
        ObjectNode d = Json.object();
        ArrayNode list = d.putArray("causes");
        for (Cause c : causes) {
            ObjectNode cause = list.addObject();
            cause.put("reason", c.reason());
            cause.put("message", c.message());
            cause.put("field", c.field());
        }
        return new StatusException(409, "Conflict", message, d);
    }

    /**
     * A conflict on {@code resource} of {@code group}, for the places where Kubernetes names the kind rather than the
     * resource (a delete's preconditions name "Pod" or "ReplicaSet.apps").
     */
    public static StatusException conflict(String group, String resource, String name, String why) {
        String qualified = group == null || group.isEmpty() ? resource : resource + "." + group;
        return new StatusException(409, "Conflict",
                "Operation cannot be fulfilled on " + qualified + " \"" + name + "\": " + why,
                details(name, group, resource));
    }

    /** The stale-resourceVersion conflict, worded as Kubernetes words it (storage errors.go). */
    public static StatusException modified(ResourceDefinition def, String name) {
        return conflict(def, name, "the object has been modified; please apply your changes to the latest version and try again");
    }

    public static StatusException invalid(ResourceDefinition def, String name, List<FieldError> errors) {
        return invalid(def.group(), def.kind(), name, errors);
    }

    /**
     * The Invalid status of an object of kind {@code kind} in {@code group}: one cause per error, and a message that
     * names each distinct error once.
     */
    // k/k staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go NewInvalid: the group-qualified kind opens the
    // message; field/errors.go ToAggregate and util/errors Aggregate.Error drop repeated messages and bracket several.
    public static StatusException invalid(String group, String kind, String name, List<FieldError> errors) {
        ObjectNode d = details(name, group, kind);
        ArrayNode causes = d.putArray("causes");
        Set<String> distinct = new LinkedHashSet<>();
        for (FieldError e : errors) {
            ObjectNode c = causes.addObject();
            c.put("reason", e.type().reason());
            c.put("message", e.message());
            c.put("field", e.field());
            distinct.add(e.fullMessage());
        }
        String qualifiedKind = group == null || group.isEmpty() ? kind : kind + "." + group;
        String message = qualifiedKind + " \"" + name + "\" is invalid";
        if (!distinct.isEmpty()) {
            String joined = String.join(", ", distinct);
            message += ": " + (distinct.size() > 1 ? "[" + joined + "]" : joined);
        }
        return new StatusException(422, "Invalid", message, d);
    }

    /** A patch that cannot be applied (k/k patch.go answers 422 for a failed JSON patch test or path). */
    public static StatusException unprocessable(String message) {
        return new StatusException(422, "Invalid", message, null);
    }

    public static StatusException badRequest(String message) {
        return new StatusException(400, "BadRequest", message, null);
    }

    public static StatusException unauthorized() {
        return new StatusException(401, "Unauthorized", "Unauthorized", null);
    }

    public static StatusException forbidden(ResourceDefinition def, String name, String why) {
        return forbidden(def, name, why, List.of());
    }

    /** A Forbidden status whose details carry {@code causes} too (admission adds some, k/k lifecycle admission). */
    public static StatusException forbidden(ResourceDefinition def, String name, String why, List<Cause> causes) {
        ObjectNode d = details(name, def.group(), def.resource());
        if (!causes.isEmpty()) {
            ArrayNode list = d.putArray("causes");
            for (Cause c : causes) {
                ObjectNode cause = list.addObject();
                cause.put("reason", c.reason());
                cause.put("message", c.message());
                cause.put("field", c.field());
            }
        }
        return new StatusException(403, "Forbidden",
                def.qualifiedResource() + " \"" + name + "\" is forbidden: " + why, d);
    }

    /**
     * A request refused for now, to try again after {@code retryAfterSeconds} (0: no advice) (k/k apimachinery
     * api/errors NewTooManyRequests, 1.32), with a cause whose type and message say why.
     */
    public static StatusException tooManyRequests(String message, int retryAfterSeconds, String causeType,
            String causeMessage) {
        ObjectNode d = Json.object();
        if (retryAfterSeconds > 0) {
            d.put("retryAfterSeconds", retryAfterSeconds);
        }
        ObjectNode cause = d.putArray("causes").addObject();
        cause.put("reason", causeType);
        cause.put("message", causeMessage);
        return new StatusException(429, "TooManyRequests", message, d);
    }

    /** A Forbidden status about {@code resource} (a group-qualified name as Kubernetes spells it in the message). */
    public static StatusException forbidden(String group, String resource, String name, String why) {
        String qualified = group.isEmpty() ? resource : resource + "." + group;
        return new StatusException(403, "Forbidden", qualified + " \"" + name + "\" is forbidden: " + why,
                details(name, group, resource));
    }

    /**
     * k/k apimachinery api/errors NewForbidden (1.32) for any group and resource, either possibly empty: the message
     * names the resource and the object only when there are any, and empty details are left out.
     */
    public static StatusException forbiddenRequest(String group, String resource, String name, String why) {
        String qualified = group.isEmpty() ? resource : resource + "." + group;
        String message = resource.isEmpty() && group.isEmpty() ? "forbidden: " + why
                : name.isEmpty() ? qualified + " is forbidden: " + why
                : qualified + " " + skiff.api.validation.GoQuotedString.of(name) + " is forbidden: " + why;
        ObjectNode d = Json.object();
        if (!name.isEmpty()) {
            d.put("name", name);
        }
        if (!group.isEmpty()) {
            d.put("group", group);
        }
        if (!resource.isEmpty()) {
            d.put("kind", resource);
        }
        return new StatusException(403, "Forbidden", message, d);
    }

    public static StatusException methodNotAllowed(String message) {
        return new StatusException(405, "MethodNotAllowed", message, null);
    }

    public static StatusException notAcceptable(String message) {
        return new StatusException(406, "NotAcceptable", message, null);
    }

    public static StatusException expired(String message) {
        return new StatusException(410, "Expired", message, null);
    }

    public static StatusException tooLarge(String message) {
        return new StatusException(413, "RequestEntityTooLarge", message, null);
    }

    public static StatusException unsupportedMediaType(String message) {
        return new StatusException(415, "UnsupportedMediaType", message, null);
    }

    /** A Status another party answered with (an admission webhook's), sent on as it is. */
    public static StatusException of(int code, String reason, String message, ObjectNode details) {
        return new StatusException(code, reason, message, details);
    }

    public static StatusException internal(String message) {
        return new StatusException(500, "InternalError", "Internal error occurred: " + message, null);
    }

    /**
     * A read asked for a resourceVersion the cache did not reach in time (k/k apimachinery api/errors
     * NewTooLargeResourceVersionError, 1.32): a Timeout whose cause says so, to retry after a second.
     */
    public static StatusException tooLargeResourceVersion(long wanted, long current) {
        ObjectNode d = Json.object();
        ObjectNode cause = d.putArray("causes").addObject();
        cause.put("reason", "ResourceVersionTooLarge");
        cause.put("message", "Too large resource version");
        d.put("retryAfterSeconds", 1);
        return new StatusException(504, "Timeout", "Timeout: Too large resource version: " + wanted + ", current: "
                + current, d);
    }

    public static StatusException timeout(String message) {
        return new StatusException(504, "Timeout", message, null);
    }
}
