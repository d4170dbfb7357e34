package skiff.apiserver.fieldmanager;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The FieldsV1 encoding of a field set in {@code metadata.managedFields} (structured-merge-diff
 * fieldpath/serialize.go; docs reference/using-api/server-side-apply "Field management"): a tree of objects keyed by
 * serialized path elements, where {@code {}} marks a member leaf and a {@code "."} key marks a member that also has
 * members below it.
 */
public final class FieldsV1 {
    private static final String SELF = ".";

    private FieldsV1() {}

    public static ObjectNode encode(FieldSet set) {
        ObjectNode out = Json.object();
        write(set, out);
        return out;
    }

    private static void write(FieldSet set, ObjectNode out) {
        TreeSet<PathElement> all = new TreeSet<>(set.members());
        all.addAll(set.children().keySet());
        for (PathElement pe : all) {
            ObjectNode node = out.putObject(pe.serialize());
            FieldSet below = set.children().get(pe);
            if (below != null) {
                if (set.members().contains(pe)) {
                    node.putObject(SELF);
                }
                write(below, node);
            }
        }
    }

    /**
     * Reads FieldsV1; keys of an unknown kind are skipped, as the format asks.
     * @throws IllegalArgumentException when the value is not a FieldsV1 tree
     */
    public static FieldSet decode(JsonNode fields) {
        if (fields == null || fields.isNull()) {
            return new FieldSet();
        }
        if (!fields.isObject()) {
            throw new IllegalArgumentException("FieldsV1 must be a JSON object");
        }
        FieldSet set = new FieldSet();
        read(fields, set);
        return set;
    }

    /** Reads the children of one object into {@code level}. */
    private static void read(JsonNode object, FieldSet level) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(SELF)) {
                continue;
            }
            PathElement pe = PathElement.parse(e.getKey());
            if (pe == null) {
                continue;
            }
            JsonNode value = e.getValue();
            if (!value.isObject()) {
                throw new IllegalArgumentException("FieldsV1 values must be JSON objects");
            }
            FieldSet below = new FieldSet();
            read(value, below);
            if (below.isEmpty() || value.has(SELF)) {
                level.addMember(pe);
            }
            level.putIfNotEmpty(pe, below);
        }
    }
}
