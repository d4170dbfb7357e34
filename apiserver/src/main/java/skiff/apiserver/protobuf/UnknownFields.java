package skiff.apiserver.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finds and removes the fields a built-in kind does not have, as decoding into Kubernetes' Go types drops them (k/k
 * apimachinery runtime/serializer/json strict decoding). The kinds' shapes come from their protobuf message
 * descriptors, whose field names are the JSON names; the Go structs that JSON inlines (a Volume's VolumeSource, a
 * Probe's handler, ...) are looked through, and the apimachinery value types (Quantity, IntOrString, Time,
 * RawExtension, FieldsV1) are taken whole. Kinds without a descriptor (custom resources) are left as they are.
 */
public final class UnknownFields {
    // The Go struct fields with `json:",inline"` that protobuf keeps as a nested message (k/k api/core/v1/types.go).
    private static final Map<String, String> INLINED = Map.of(
            "k8s.io.api.core.v1.Volume", "volumeSource",
            "k8s.io.api.core.v1.PersistentVolumeSpec", "persistentVolumeSource",
            "k8s.io.api.core.v1.Probe", "handler",
            "k8s.io.api.core.v1.EphemeralContainer", "ephemeralContainerCommon");
    private static final Set<String> WHOLE_VALUES = Set.of(
            "k8s.io.apimachinery.pkg.api.resource.Quantity",
            "k8s.io.apimachinery.pkg.util.intstr.IntOrString",
            "k8s.io.apimachinery.pkg.apis.meta.v1.Time",
            "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime",
            "k8s.io.apimachinery.pkg.apis.meta.v1.Duration",
            "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1",
            "k8s.io.apimachinery.pkg.runtime.RawExtension");
    private static final Set<String> TYPE_META = Set.of("apiVersion", "kind");

    private UnknownFields() {}

    /**
     * Removes from {@code object} (of {@code apiVersion} and {@code kind}) every field its kind does not have and
     * returns their paths in Kubernetes' spelling ({@code spec.containers[0].bogus}), in document order.
     */
    public static List<String> prune(String apiVersion, String kind, ObjectNode object) {
        List<String> unknown = new ArrayList<>();
        ProtobufBodies.descriptorFor(apiVersion, kind).ifPresent(d -> walk(object, d, "", true, unknown));
        return unknown;
    }

    private static void walk(ObjectNode node, Descriptor type, String path, boolean top, List<String> unknown) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            String at = path.isEmpty() ? name : path + "." + name;
            if (top && TYPE_META.contains(name)) {
                continue;
            }
            FieldDescriptor field = field(type, name);
            if (field == null) {
                unknown.add(at);
                it.remove();
            } else {
                value(entry.getValue(), field, at, unknown);
            }
        }
    }

    private static FieldDescriptor field(Descriptor type, String name) {
        FieldDescriptor field = type.findFieldByName(name);
        if (field != null) {
            return field;
        }
        String inlined = INLINED.get(type.getFullName());
        return inlined == null ? null : type.findFieldByName(inlined).getMessageType().findFieldByName(name);
    }

    private static void value(JsonNode value, FieldDescriptor field, String at, List<String> unknown) {
        if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
            return;
        }
        if (field.isMapField()) {
            FieldDescriptor entryValue = field.getMessageType().findFieldByName("value");
            if (value instanceof ObjectNode map) {
                map.properties().forEach(e -> single(e.getValue(), entryValue, at + "." + e.getKey(), unknown));
            }
        } else if (field.isRepeated()) {
            if (value instanceof ArrayNode items) {
                for (int i = 0; i < items.size(); i++) {
                    single(items.get(i), field, at + "[" + i + "]", unknown);
                }
            }
        } else {
            single(value, field, at, unknown);
        }
    }

    private static void single(JsonNode value, FieldDescriptor field, String at, List<String> unknown) {
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && value instanceof ObjectNode object
                && !WHOLE_VALUES.contains(field.getMessageType().getFullName())) {
            walk(object, field.getMessageType(), at, false, unknown);
        }
    }
}
