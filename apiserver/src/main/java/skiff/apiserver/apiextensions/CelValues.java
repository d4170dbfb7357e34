package skiff.apiserver.apiextensions;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import skiff.apiserver.cel.JsonCelValues;
import tools.jackson.databind.JsonNode;

/**
 * A custom object's values as CEL sees them through its schema (k/k 1.32 apiextensions-apiserver
 * pkg/apiserver/schema/cel/values.go UnstructuredToVal): objects with properties become maps keyed by the escaped
 * property names, numbers become int or double as declared, formatted strings become bytes, durations and
 * timestamps, and the root of a resource keeps only apiVersion, kind, metadata.name and metadata.generateName.
 */
final class CelValues {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Double> NANOS = Map.of("ns", 1d, "us", 1e3, "µs", 1e3, "ms", 1e6, "s", 1e9,
            "m", 60e9, "h", 3600e9);

    private CelValues() {}

    static Object of(JsonNode value, StructuralSchema schema, boolean resource) {
        if (value == null || value.isNull()) {
            return NullValue.NULL_VALUE;
        }
        if (schema.intOrString() || schema.type().isEmpty()) {
            return JsonCelValues.of(value);
        }
        return switch (schema.type()) {
            case "integer" -> value.asLong();
            case "number" -> value.asDouble();
            case "boolean" -> value.asBoolean();
            case "string" -> string(value.asString(), schema.format());
            case "array" -> {
                List<Object> items = new ArrayList<>();
                for (JsonNode item : value) {
                    items.add(schema.items() == null ? JsonCelValues.of(item)
                            : of(item, schema.items(), schema.items().embeddedResource()));
                }
                yield items;
            }
            case "object" -> object(value, schema, resource || schema.embeddedResource());
            default -> JsonCelValues.of(value);
        };
    }

    private static Object object(JsonNode value, StructuralSchema schema, boolean resource) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (schema.additionalProperties() != null) {
            StructuralSchema values = schema.additionalProperties();
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                map.put(e.getKey(), of(e.getValue(), values, values.embeddedResource()));
            }
            return map;
        }
        if (schema.properties().isEmpty() && schema.preserveUnknownFields() && !resource) {
            return JsonCelValues.of(value);
        }
        if (resource) {
            copyString(value, "apiVersion", map);
            copyString(value, "kind", map);
            JsonNode meta = value.path("metadata");
            if (meta.isObject()) {
                Map<String, Object> metadata = new LinkedHashMap<>();
                copyString(meta, "name", metadata);
                copyString(meta, "generateName", metadata);
                map.put("metadata", metadata);
            }
        }
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            StructuralSchema child = schema.properties().get(e.getKey());
            if (child == null || (resource && map.containsKey(e.getKey()))) {
                continue;
            }
            Optional<String> field = CelPropertyNames.escape(e.getKey());
            field.ifPresent(f -> map.put(f, of(e.getValue(), child, child.embeddedResource())));
        }
        return map;
    }

    private static void copyString(JsonNode from, String name, Map<String, Object> to) {
        if (from.path(name).isString()) {
            to.put(name, from.path(name).asString());
        }
    }

    private static Object string(String text, String format) {
        try {
            return switch (format) {
                case "byte" -> CelByteString.of(Base64.getDecoder().decode(text));
                case "duration" -> duration(text);
                case "date" -> timestamp(LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC));
                case "date-time" -> timestamp(OffsetDateTime.parse(text).toInstant());
                default -> text;
            };
        } catch (RuntimeException e) {
            return text;
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    // Go's time.ParseDuration, which the duration format follows: "1h30m", "-1.5s", "300ms", "0".
    private static Duration duration(String text) {
        boolean negative = text.startsWith("-");
        String rest = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        if (rest.equals("0")) {
            return Duration.getDefaultInstance();
        }
        Matcher m = DURATION_PART.matcher(rest);
        double nanos = 0;
        int end = 0;
        while (m.lookingAt()) {
            nanos += Double.parseDouble(m.group(1)) * NANOS.get(m.group(2));
            end = m.end();
            m.region(end, rest.length());
        }
        if (end == 0 || end != rest.length()) {
            throw new IllegalArgumentException("invalid duration " + text);
        }
        long total = (long) (negative ? -nanos : nanos);
        return Duration.newBuilder().setSeconds(total / 1_000_000_000L).setNanos((int) (total % 1_000_000_000L))
                .build();
    }
}
