package skiff.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import skiff.api.json.Json;
import skiff.apiserver.decode.GoInlines;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a Kubernetes protobuf message into the JSON the same object has on the wire: field names as they are,
 * bytes in base64, and the apimachinery value types in their JSON forms (an IntOrString is a number or a string,
 * a Quantity a string, Time an RFC 3339 timestamp, a RawExtension its JSON).
 *
 * <p>The Go structs that JSON inlines and protobuf nests (a Volume's VolumeSource, a Probe's ProbeHandler, a
 * LocalObjectReference, ...; see {@link GoInlines}) are flattened into their parent.
 *
 * <p>Go's protobuf encoding writes every non-pointer field, zero or not, where its JSON encoding omits empty ones;
 * so a singular zero value ("", 0, false, a zero Time) is taken as unset, except for the pointer fields whose zero
 * means something (replicas: 0, runAsUser: 0, automountServiceAccountToken: false, ...).
 */
final class ProtobufJson {
    private static final Set<String> MEANINGFUL_ZEROS = Set.of("replicas", "runAsUser", "runAsGroup", "fsGroup",
            "tolerationSeconds", "terminationGracePeriodSeconds", "activeDeadlineSeconds", "gracePeriodSeconds",
            "automountServiceAccountToken", "enableServiceLinks", "allowPrivilegeEscalation", "runAsNonRoot",
            "readOnlyRootFilesystem", "privileged", "hostUsers", "setHostnameAsFQDN", "shareProcessNamespace",
            "backoffLimit", "completions", "parallelism", "ttlSecondsAfterFinished", "successfulJobsHistoryLimit",
            "failedJobsHistoryLimit", "revisionHistoryLimit", "partition", "suspend", "immutable", "optional",
            "priority", "defaultMode", "minAvailable", "maxUnavailable", "maxSurge");
    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX")
            .withZone(java.time.ZoneOffset.UTC);

    private ProtobufJson() {}

    static ObjectNode toJson(Message message) {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
            FieldDescriptor field = e.getKey();
            if (!field.isRepeated() && isZero(e.getValue()) && !MEANINGFUL_ZEROS.contains(field.getJsonName())) {
                continue;
            }
            if (GoInlines.isInlined(field)) {
                out.setAll(toJson((Message) e.getValue()));
                continue;
            }
            JsonNode value = field.isMapField() ? map(field, (List<?>) e.getValue())
                    : field.isRepeated() ? list(field, (List<?>) e.getValue())
                    : value(field, e.getValue());
            if (value != null) {
                out.set(field.getJsonName(), value);
            }
        }
        return out;
    }

    private static boolean isZero(Object v) {
        return switch (v) {
            case String s -> s.isEmpty();
            case Number n -> n.doubleValue() == 0;
            case Boolean b -> !b;
            case Message m -> m.getDescriptorForType().getFullName().equals(META + "Time")
                    && ((Number) field(m, "seconds", 0L)).longValue() == 0;
            default -> false;
        };
    }

    private static JsonNode list(FieldDescriptor field, List<?> values) {
        ArrayNode array = NODES.arrayNode();
        for (Object v : values) {
            array.add(value(field, v));
        }
        return array;
    }

    private static JsonNode map(FieldDescriptor field, List<?> entries) {
        ObjectNode object = NODES.objectNode();
        FieldDescriptor keyField = field.getMessageType().findFieldByName("key");
        FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
        for (Object entry : entries) {
            Message m = (Message) entry;
            object.set(String.valueOf(m.getField(keyField)), value(valueField, m.getField(valueField)));
        }
        return object;
    }

    private static JsonNode value(FieldDescriptor field, Object v) {
        return switch (field.getJavaType()) {
            case MESSAGE -> message((Message) v);
            case BYTE_STRING -> NODES.stringNode(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
            case STRING -> NODES.stringNode((String) v);
            case BOOLEAN -> NODES.booleanNode((Boolean) v);
            case INT -> NODES.numberNode((Integer) v);
            case LONG -> NODES.numberNode((Long) v);
            case FLOAT -> NODES.numberNode((Float) v);
            case DOUBLE -> NODES.numberNode((Double) v);
            case ENUM -> NODES.stringNode(v.toString());
        };
    }

    private static JsonNode message(Message m) {
        String type = m.getDescriptorForType().getFullName();
        return switch (type) {
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> {
                boolean isString = ((Number) field(m, "type", 0L)).longValue() == 1;
                yield isString ? NODES.stringNode((String) field(m, "strVal", ""))
                        : NODES.numberNode(((Number) field(m, "intVal", 0)).intValue());
            }
            case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> NODES.stringNode((String) field(m, "string", "0"));
            case META + "Time" -> NODES.stringNode(Instant.ofEpochSecond(((Number) field(m, "seconds", 0L)).longValue())
                    .truncatedTo(ChronoUnit.SECONDS).toString());
            case META + "MicroTime" -> NODES.stringNode(MICRO.format(Instant.ofEpochSecond(
                    ((Number) field(m, "seconds", 0L)).longValue(), ((Number) field(m, "nanos", 0)).longValue())));
            case META + "Duration" -> NODES.stringNode(((Number) field(m, "duration", 0L)).longValue() / 1_000_000_000L
                    + "s");
            case "k8s.io.apimachinery.pkg.runtime.RawExtension", META + "FieldsV1" -> {
                ByteString raw = (ByteString) field(m, "raw", ByteString.EMPTY);
                yield raw.isEmpty() ? NODES.nullNode() : Json.parse(raw.toByteArray());
            }
            default -> toJson(m);
        };
    }

    private static Object field(Message m, String name, Object fallback) {
        FieldDescriptor f = m.getDescriptorForType().findFieldByName(name);
        if (f == null) {
            f = m.getDescriptorForType().findFieldByName(name.toLowerCase(java.util.Locale.ROOT));
        }
        return f != null && m.hasField(f) ? m.getField(f) : fallback;
    }
}
