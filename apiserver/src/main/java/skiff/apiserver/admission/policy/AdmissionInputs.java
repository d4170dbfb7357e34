package skiff.apiserver.admission.policy;

import com.google.protobuf.Timestamp;
import dev.cel.common.values.NullValue;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skiff.apiserver.admission.AdmissionRequest;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.authz.Authorizer;
import skiff.apiserver.cel.AuthorizerLibrary;
import skiff.apiserver.cel.JsonCelValues;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The variables an admission expression reads about a request (k/k 1.32 apiserver pkg/admission/plugin/cel
 * filter.go ForInput, CreateAdmissionRequest and CreateNamespaceObject): the objects as JSON, the request as an
 * AdmissionRequest without its objects, and the namespace with the fields a policy may see.
 */
public final class AdmissionInputs {
    private static final List<String> NAMESPACE_METADATA = List.of("name", "generateName", "namespace", "labels",
            "annotations", "uid", "creationTimestamp", "deletionGracePeriodSeconds", "deletionTimestamp",
            "generation", "resourceVersion", "finalizers");

    private AdmissionInputs() {}

    /**
     * object, oldObject, request, namespaceObject (null for cluster-scoped requests), params, and the authorizer
     * checking as the request's user (filter.go: library.NewAuthorizerVal and NewResourceAuthorizerVal).
     */
    static Map<String, Object> of(AdmissionRequest request, ObjectNode namespace, JsonNode params,
            Authorizer authorizer) {
        Map<String, Object> inputs = new HashMap<>();
        UserInfo user = request.user() == null ? new UserInfo("", "", List.of(), Map.of()) : request.user();
        AuthorizerLibrary.AuthorizerValue by = new AuthorizerLibrary.AuthorizerValue(authorizer, user);
        inputs.put("authorizer", by);
        inputs.put("authorizer.requestResource", new AuthorizerLibrary.ResourceCheck(by, request.resource().group(),
                request.resource().resource(), request.subresource(),
                request.namespace() == null ? "" : request.namespace(), request.name() == null ? "" : request.name()));
        inputs.put("object", value(request.object()));
        inputs.put("oldObject", value(request.oldObject()));
        inputs.put("request", request(request));
        inputs.put("namespaceObject", namespace == null ? NullValue.NULL_VALUE : namespace(namespace));
        inputs.put("params", value(params));
        return inputs;
    }

    private static Object value(JsonNode node) {
        return node == null ? NullValue.NULL_VALUE : JsonCelValues.of(node);
    }

    private static Map<String, Object> request(AdmissionRequest request) {
        Map<String, Object> kind = Map.of("group", request.resource().group(),
                "version", request.resource().version(), "kind", request.resource().kind());
        Map<String, Object> resource = Map.of("group", request.resource().group(),
                "version", request.resource().version(), "resource", request.resource().resource());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kind", kind);
        r.put("resource", resource);
        r.put("subResource", request.subresource());
        r.put("requestKind", kind);
        r.put("requestResource", resource);
        r.put("requestSubResource", request.subresource());
        r.put("name", request.name() == null ? "" : request.name());
        r.put("namespace", request.namespace() == null ? "" : request.namespace());
        r.put("operation", request.operation().name());
        r.put("userInfo", userInfo(request.user()));
        r.put("dryRun", request.dryRun());
        String options = switch (request.operation()) {
            case CREATE -> "CreateOptions";
            case UPDATE -> "UpdateOptions";
            case DELETE -> "DeleteOptions";
        };
        r.put("options", Map.of("kind", options, "apiVersion", "meta.k8s.io/v1"));
        return r;
    }

    private static Map<String, Object> userInfo(UserInfo user) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("username", user == null ? "" : user.name());
        info.put("uid", user == null ? "" : user.uid());
        info.put("groups", user == null ? List.of() : List.copyOf(user.groups()));
        info.put("extra", user == null ? Map.of() : Map.copyOf(user.extra()));
        return info;
    }

    // CreateNamespaceObject: only these fields; the uid as the struct's "UID"; times as timestamps.
    private static Map<String, Object> namespace(ObjectNode namespace) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        JsonNode meta = namespace.path("metadata");
        for (String field : NAMESPACE_METADATA) {
            JsonNode value = meta.get(field);
            if (value == null || value.isNull()) {
                continue;
            }
            String name = field.equals("uid") ? "UID" : field;
            metadata.put(name, field.endsWith("Timestamp") ? timestamp(value.asString("")) : JsonCelValues.of(value));
        }
        Map<String, Object> ns = new LinkedHashMap<>();
        ns.put("metadata", metadata);
        ns.put("spec", namespace.path("spec").isObject() ? JsonCelValues.of(namespace.path("spec")) : Map.of());
        ns.put("status", namespace.path("status").isObject() ? JsonCelValues.of(namespace.path("status"))
                : Map.of());
        return ns;
    }

    private static Object timestamp(String text) {
        try {
            Instant instant = Instant.parse(text);
            return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
        } catch (RuntimeException e) {
            return text;
        }
    }
}
