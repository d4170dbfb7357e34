package skiff.apiserver.cel;

import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** JSON as CEL sees a value of unknown type (dyn): null, int, double, bool, string, lists and string-keyed maps. */
public final class JsonCelValues {
    private JsonCelValues() {}

    /** A value the schema says nothing about (dyn): JSON as CEL's plain types. */
    public static Object of(JsonNode value) {
        if (value.isNull()) {
            return NullValue.NULL_VALUE;
        }
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isString()) {
            return value.asString();
        }
        if (value.isArray()) {
            List<Object> items = new ArrayList<>();
            value.forEach(v -> items.add(of(v)));
            return items;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            map.put(e.getKey(), of(e.getValue()));
        }
        return map;
    }
}
