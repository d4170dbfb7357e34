package skiff.apiserver.fieldmanager;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The decoded {@code metadata.managedFields} of an object: each manager's field set and the time of its last
 * change (k/k apimachinery util/managedfields/internal/managedfields.go DecodeManagedFields and
 * encodeManagedFields). Entries are encoded appliers first, then updaters, each group oldest first.
 */
final class ManagedFields {
    private final Map<ManagerId, VersionedSet> sets = new LinkedHashMap<>();
    private final Map<ManagerId, String> times = new LinkedHashMap<>();

    static ManagedFields empty() {
        return new ManagedFields();
    }

    /**
     * Reads the entries of {@code metadata.managedFields}; an absent or null value is empty.
     * @throws IllegalArgumentException when an entry is not a valid managed fields entry
     */
    static ManagedFields decode(JsonNode entries) {
        ManagedFields out = new ManagedFields();
        if (entries == null || entries.isNull()) {
            return out;
        }
        if (!entries.isArray()) {
            throw new IllegalArgumentException("managedFields must be a list");
        }
        int i = 0;
        for (JsonNode e : entries) {
            ManagerId.Operation op = ManagerId.Operation.fromWire(e.path("operation").asString(""));
            String apiVersion = e.path("apiVersion").asString("");
            if (apiVersion.isEmpty()) {
                throw new IllegalArgumentException("apiVersion must not be empty");
            }
            String type = e.path("fieldsType").asString("");
            if (type.isEmpty()) {
                throw new IllegalArgumentException("missing fieldsType in managed fields entry " + i);
            }
            if (!type.equals("FieldsV1")) {
                throw new IllegalArgumentException("invalid fieldsType \"" + type + "\" in managed fields entry " + i);
            }
            ManagerId id = new ManagerId(e.path("manager").asString(""), op, apiVersion,
                    e.path("subresource").asString(""));
            out.sets.put(id, new VersionedSet(FieldsV1.decode(e.get("fieldsV1")), apiVersion,
                    op == ManagerId.Operation.APPLY));
            String time = e.path("time").asString("");
            if (!time.isEmpty()) {
                out.times.put(id, time);
            }
            i++;
        }
        return out;
    }

    /**
     * Whether a request's managedFields ask to clear them: an empty list, or a list of one empty entry
     * (k/k apimachinery util/managedfields/internal/fieldmanager.go isResetManagedFields).
     */
    static boolean isReset(JsonNode entries) {
        if (entries == null || !entries.isArray()) {
            return false;
        }
        if (entries.isEmpty()) {
            return true;
        }
        if (entries.size() != 1 || !entries.get(0).isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> field : entries.get(0).properties()) {
            JsonNode v = field.getValue();
            if (!v.isNull() && !(v.isString() && v.stringValue().isEmpty())) {
                return false;
            }
        }
        return true;
    }

    ManagedFields copy() {
        ManagedFields out = new ManagedFields();
        out.sets.putAll(sets);
        out.times.putAll(times);
        return out;
    }

    /** Takes the entries of {@code other} as its own. */
    void replaceWith(ManagedFields other) {
        sets.clear();
        sets.putAll(other.sets);
        times.clear();
        times.putAll(other.times);
    }

    boolean isEmpty() {
        return sets.isEmpty();
    }

    VersionedSet get(ManagerId id) {
        return sets.get(id);
    }

    void put(ManagerId id, VersionedSet set) {
        sets.put(id, set);
    }

    void remove(ManagerId id) {
        sets.remove(id);
        times.remove(id);
    }

    Map<ManagerId, VersionedSet> sets() {
        return sets;
    }

    String time(ManagerId id) {
        return times.get(id);
    }

    void setTime(ManagerId id, String time) {
        if (time == null) {
            times.remove(id);
        } else {
            times.put(id, time);
        }
    }

    /** Drops the managers left owning nothing. */
    void dropEmpty() {
        new ArrayList<>(sets.keySet()).forEach(id -> {
            if (sets.get(id).set().isEmpty()) {
                remove(id);
            }
        });
    }

    /** The encoded entries, or null when no manager owns anything (the field is then left out). */
    ArrayNode encode() {
        if (sets.isEmpty()) {
            return null;
        }
        List<ManagerId> order = new ArrayList<>(sets.keySet());
        order.sort(encodingOrder);
        ArrayNode out = Json.mapper().createArrayNode();
        for (ManagerId id : order) {
            VersionedSet vs = sets.get(id);
            ObjectNode e = out.addObject();
            if (!id.manager().isEmpty()) {
                e.put("manager", id.manager());
            }
            e.put("operation", vs.applied() ? "Apply" : "Update");
            e.put("apiVersion", vs.apiVersion());
            if (times.containsKey(id)) {
                e.put("time", times.get(id));
            }
            e.put("fieldsType", "FieldsV1");
            e.set("fieldsV1", FieldsV1.encode(vs.set()));
            if (!id.subresource().isEmpty()) {
                e.put("subresource", id.subresource());
            }
        }
        return out;
    }

    // k/k managedfields.go sortEncodedManagedFields: operation, then time in seconds, manager, version, subresource.
    private final Comparator<ManagerId> encodingOrder = Comparator
            .comparing((ManagerId id) -> sets.get(id).applied() ? "Apply" : "Update")
            .thenComparingLong(id -> epochSeconds(times.get(id)))
            .thenComparing(ManagerId::manager)
            .thenComparing(id -> sets.get(id).apiVersion())
            .thenComparing(ManagerId::subresource);

    static long epochSeconds(String time) {
        if (time == null) {
            return 0;
        }
        try {
            return Instant.parse(time).getEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
