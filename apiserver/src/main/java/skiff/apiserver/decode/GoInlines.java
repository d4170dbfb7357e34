package skiff.apiserver.decode;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which message fields of Kubernetes' protobuf descriptors are Go structs that JSON inlines. go-to-protobuf keeps an
 * embedded struct ({@code LocalObjectReference `json:",inline"`}, a Volume's VolumeSource, a Probe's ProbeHandler,
 * an EphemeralContainer's EphemeralContainerCommon) as a nested message field, and nothing in the descriptor marks
 * it: a field named after its type is no rule (Affinity.nodeAffinity is a real field, Probe.handler is inlined). The
 * JSON shape is in the fabric8 model (see {@link ModelClasses}): a message field is inlined when its parent's model
 * class has no property of that name but has every property of the field's message.
 */
public final class GoInlines {
    private static final Map<FieldDescriptor, Boolean> INLINED = new ConcurrentHashMap<>();

    private GoInlines() {}

    public static boolean isInlined(FieldDescriptor field) {
        Boolean known = INLINED.get(field);
        if (known == null) {
            // Not computeIfAbsent: deciding looks at the inner message's own inlined fields.
            known = decide(field);
            INLINED.put(field, known);
        }
        return known;
    }

    private static boolean decide(FieldDescriptor field) {
        if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || field.isRepeated()) {
            return false;
        }
        Descriptor inner = field.getMessageType();
        return !inner.getFields().isEmpty() && ModelClasses.forMessage(field.getContainingType())
                .map(ModelClasses::properties)
                .map(Map::keySet)
                .filter(properties -> !properties.contains(field.getJsonName())
                        && properties.containsAll(jsonNames(inner)))
                .isPresent();
    }

    private static Set<String> jsonNames(Descriptor message) {
        Set<String> names = new HashSet<>();
        for (FieldDescriptor f : message.getFields()) {
            if (isInlined(f)) {
                names.addAll(jsonNames(f.getMessageType()));
            } else {
                names.add(f.getJsonName());
            }
        }
        return names;
    }

    /** The field of {@code message} with JSON name {@code name}, looking through inlined structs. */
    static FieldDescriptor field(Descriptor message, String name) {
        for (FieldDescriptor f : message.getFields()) {
            if (isInlined(f)) {
                FieldDescriptor inner = field(f.getMessageType(), name);
                if (inner != null) {
                    return inner;
                }
            } else if (f.getJsonName().equals(name)) {
                return f;
            }
        }
        return null;
    }
}
