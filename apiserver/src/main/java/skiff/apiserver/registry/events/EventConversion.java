package skiff.apiserver.registry.events;

import java.util.List;
import java.util.Map;
import skiff.api.json.Json;
import skiff.apiserver.registry.StorageConversion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * events.k8s.io/v1 Events over the core/v1 Events' storage. k/k pkg/apis/events/v1/conversion.go and
 * zz_generated.conversion.go (1.32): regarding is involvedObject, note is message, deprecatedSource is source,
 * deprecated{First,Last}Timestamp and deprecatedCount are {first,last}Timestamp and count, reportingController is
 * core/v1's reportingComponent; eventTime, series, reportingInstance, action, reason, related and type keep their
 * names. Fields are written in the order of the target version's Go struct, as Kubernetes serializes them.
 */
public final class EventConversion implements StorageConversion {
    public static final EventConversion INSTANCE = new EventConversion();

    /** A field's name in core/v1 and in events.k8s.io/v1. */
    private record Field(String core, String events) {}

    // k8s.io/api/events/v1 types.go Event field order.
    private static final List<Field> EVENTS_ORDER = List.of(
            new Field("eventTime", "eventTime"),
            new Field("series", "series"),
            new Field("reportingComponent", "reportingController"),
            new Field("reportingInstance", "reportingInstance"),
            new Field("action", "action"),
            new Field("reason", "reason"),
            new Field("involvedObject", "regarding"),
            new Field("related", "related"),
            new Field("message", "note"),
            new Field("type", "type"),
            new Field("source", "deprecatedSource"),
            new Field("firstTimestamp", "deprecatedFirstTimestamp"),
            new Field("lastTimestamp", "deprecatedLastTimestamp"),
            new Field("count", "deprecatedCount"));

    // k8s.io/api/core/v1 types.go Event field order.
    private static final List<Field> CORE_ORDER = List.of(
            new Field("involvedObject", "regarding"),
            new Field("reason", "reason"),
            new Field("message", "note"),
            new Field("source", "deprecatedSource"),
            new Field("firstTimestamp", "deprecatedFirstTimestamp"),
            new Field("lastTimestamp", "deprecatedLastTimestamp"),
            new Field("count", "deprecatedCount"),
            new Field("type", "type"),
            new Field("eventTime", "eventTime"),
            new Field("series", "series"),
            new Field("action", "action"),
            new Field("related", "related"),
            new Field("reportingComponent", "reportingController"),
            new Field("reportingInstance", "reportingInstance"));

    // k/k pkg/apis/events/v1/conversion.go AddFieldLabelConversionsForEvent (1.32): the labels that differ.
    private static final Map<String, String> CORE_FIELD_LABELS = Map.of(
            "regarding.kind", "involvedObject.kind",
            "regarding.namespace", "involvedObject.namespace",
            "regarding.name", "involvedObject.name",
            "regarding.uid", "involvedObject.uid",
            "regarding.apiVersion", "involvedObject.apiVersion",
            "regarding.resourceVersion", "involvedObject.resourceVersion",
            "regarding.fieldPath", "involvedObject.fieldPath",
            "reportingController", "reportingComponent");

    private EventConversion() {}

    /** The core/v1 Event as events.k8s.io/v1 serves it. */
    @Override
    public ObjectNode toServed(ObjectNode stored) {
        ObjectNode out = header("events.k8s.io/v1", stored);
        for (Field f : EVENTS_ORDER) {
            copy(stored, f.core(), out, f.events());
        }
        return out;
    }

    /** The events.k8s.io/v1 Event as core/v1 stores it. */
    @Override
    public ObjectNode toStored(ObjectNode served) {
        ObjectNode out = header("v1", served);
        for (Field f : CORE_ORDER) {
            copy(served, f.events(), out, f.core());
        }
        return out;
    }

    @Override
    public String storedFieldLabel(String label) {
        return CORE_FIELD_LABELS.getOrDefault(label, label);
    }

    private static ObjectNode header(String apiVersion, ObjectNode from) {
        ObjectNode out = Json.object();
        out.put("kind", "Event");
        out.put("apiVersion", apiVersion);
        copy(from, "metadata", out, "metadata");
        return out;
    }

    private static void copy(ObjectNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null) {
            to.set(as, value.deepCopy());
        }
    }
}
