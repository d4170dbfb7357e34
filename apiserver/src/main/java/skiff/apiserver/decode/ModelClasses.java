package skiff.apiserver.decode;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.protobuf.Descriptors.Descriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The fabric8 model classes of Kubernetes' built-in types, and their JSON properties. fabric8 generates them from
 * Kubernetes' OpenAPI documents, which describe the JSON as Go's encoding/json reads it: the Go structs embedded with
 * {@code json:",inline"} (a Volume's VolumeSource, a Probe's ProbeHandler, LocalObjectReference in a
 * configMapKeyRef, ...) are flattened into their parent, and int32 and int64 are Integer and Long.
 */
final class ModelClasses {
    private static final String MODEL = "io.fabric8.kubernetes.api.model";

    private ModelClasses() {}

    /**
     * The class of a built-in kind: the core group, apps, batch, autoscaling, and the {@code *.k8s.io} groups; none
     * for others.
     */
    static Optional<Class<?>> forKind(String group, String version, String kind) {
        if (group.isEmpty()) {
            return load(MODEL + "." + kind);
        }
        if (group.equals("apps")) {
            return load(MODEL + ".apps." + kind);
        }
        if (group.equals("batch") || group.equals("autoscaling")) {
            return load(MODEL + "." + group + "." + version + "." + kind);
        }
        if (group.equals("rbac.authorization.k8s.io")) {
            return load(MODEL + ".rbac." + kind);
        }
        if (group.endsWith(".k8s.io")) {
            return load(MODEL + "." + group.substring(0, group.indexOf('.')) + "." + version + "." + kind);
        }
        return Optional.empty();
    }

    /** The class of a protobuf message of Kubernetes' API (k8s.io.api.GROUP.VERSION or meta/v1), if fabric8 has it. */
    static Optional<Class<?>> forMessage(Descriptor message) {
        String pkg = message.getFile().getPackage();
        String[] parts = pkg.split("\\.");
        if (pkg.equals("k8s.io.apimachinery.pkg.apis.meta.v1") || pkg.equals("k8s.io.api.core.v1")) {
            return load(MODEL + "." + message.getName());
        }
        if (pkg.startsWith("k8s.io.api.") && parts.length == 5) {
            String group = switch (parts[3]) {
                case "apps", "batch", "autoscaling" -> parts[3];
                case "rbac" -> "rbac.authorization.k8s.io";
                default -> parts[3] + ".k8s.io";
            };
            return forKind(group, parts[4], message.getName());
        }
        return Optional.empty();
    }

    /** The JSON properties of a model class, in declaration order, with their Java types. */
    static Map<String, Type> properties(Class<?> model) {
        Map<String, Type> out = new LinkedHashMap<>();
        for (Method m : model.getMethods()) {
            JsonProperty property = m.getAnnotation(JsonProperty.class);
            if (property != null && m.getParameterCount() == 0 && !property.value().isEmpty()) {
                out.put(property.value(), m.getGenericReturnType());
            }
        }
        return out;
    }

    private static Optional<Class<?>> load(String name) {
        try {
            return Optional.of(Class.forName(name, false, ModelClasses.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }
}
