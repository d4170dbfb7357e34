package skiff.apiserver.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import skiff.api.json.Json;
import skiff.store.KeyValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How objects are kept in the store: their JSON without {@code metadata.resourceVersion}, which is the store's
 * modification revision and is put back on every read (k/k apiserver storage/etcd3 APIObjectVersioner).
 */
public final class StoredObjects {
    private StoredObjects() {}

    public static byte[] encode(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        JsonNode meta = copy.get("metadata");
        if (meta instanceof ObjectNode m) {
            m.remove("resourceVersion");
        }
        return Json.bytes(copy);
    }

    public static ObjectNode decode(KeyValue kv) {
        return decode(kv.value(), kv.modRevision());
    }

    public static ObjectNode decode(byte[] value, long revision) {
        ObjectNode object = (ObjectNode) Json.parse(value);
        withResourceVersion(object, revision);
        return object;
    }

    public static ObjectNode withResourceVersion(ObjectNode object, long revision) {
        metadata(object).put("resourceVersion", Long.toString(revision));
        return object;
    }

    public static ObjectNode metadata(ObjectNode object) {
        JsonNode meta = object.get("metadata");
        if (meta instanceof ObjectNode m) {
            return m;
        }
        return object.putObject("metadata");
    }

    public static String name(JsonNode object) {
        return text(object.path("metadata").get("name"));
    }

    public static String namespace(JsonNode object) {
        return text(object.path("metadata").get("namespace"));
    }

    public static String uid(JsonNode object) {
        return text(object.path("metadata").get("uid"));
    }

    public static String resourceVersion(JsonNode object) {
        return text(object.path("metadata").get("resourceVersion"));
    }

    public static Map<String, String> labels(JsonNode object) {
        JsonNode labels = object.path("metadata").get("labels");
        if (labels == null || !labels.isObject()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        labels.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asString()));
        return out;
    }

    /** The value of a dotted field path as a field selector sees it ("" when absent). */
    public static String fieldValue(JsonNode object, String path) {
        if (path.equals("source")) {
            // k/k pkg/registry/core/event/strategy.go GetAttrs (1.32): an Event's "source" is its source.component,
            // else its reportingComponent (what events.k8s.io/v1 writes as reportingController).
            String component = fieldValue(object, "source.component");
            return component.isEmpty() ? fieldValue(object, "reportingComponent") : component;
        }
        JsonNode node = object;
        for (String part : path.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return path.equals("spec.hostNetwork") || path.equals("spec.unschedulable") ? "false" : "";
        }
        return node.isValueNode() ? node.asString() : node.toString();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }
}
