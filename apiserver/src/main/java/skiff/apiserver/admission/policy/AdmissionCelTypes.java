package skiff.apiserver.admission.policy;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The object types of admission expressions (k/k 1.32 staging/src/k8s.io/apiserver/pkg/admission/plugin/cel
 * compile.go BuildRequestType and BuildNamespaceType): {@code request} is a kubernetes.AdmissionRequest,
 * {@code namespaceObject} a kubernetes.Namespace with the fields a policy may read, and {@code variables} an object
 * whose fields are the policy's variables with the types their expressions have.
 */
final class AdmissionCelTypes implements CelTypeProvider {
    static final String VARIABLES = "kubernetes.variables";

    private final Map<String, CelType> types = new LinkedHashMap<>();

    private AdmissionCelTypes() {}

    /** The fixed types, and {@code variables} with the given fields. */
    static AdmissionCelTypes with(Map<String, CelType> variables) {
        AdmissionCelTypes t = new AdmissionCelTypes();
        CelType strings = ListType.create(SimpleType.STRING);
        StructType gvk = t.struct("kubernetes.GroupVersionKind", Map.of("group", SimpleType.STRING,
                "version", SimpleType.STRING, "kind", SimpleType.STRING));
        StructType gvr = t.struct("kubernetes.GroupVersionResource", Map.of("group", SimpleType.STRING,
                "version", SimpleType.STRING, "resource", SimpleType.STRING));
        StructType userInfo = t.struct("kubernetes.UserInfo", Map.of("username", SimpleType.STRING,
                "uid", SimpleType.STRING, "groups", strings,
                "extra", MapType.create(SimpleType.STRING, strings)));
        Map<String, CelType> request = new LinkedHashMap<>();
        request.put("kind", gvk);
        request.put("resource", gvr);
        request.put("subResource", SimpleType.STRING);
        request.put("requestKind", gvk);
        request.put("requestResource", gvr);
        request.put("requestSubResource", SimpleType.STRING);
        request.put("name", SimpleType.STRING);
        request.put("namespace", SimpleType.STRING);
        request.put("operation", SimpleType.STRING);
        request.put("userInfo", userInfo);
        request.put("dryRun", SimpleType.BOOL);
        request.put("options", SimpleType.DYN);
        t.struct("kubernetes.AdmissionRequest", request);
        StructType spec = t.struct("kubernetes.NamespaceSpec", Map.of("finalizers", strings));
        StructType condition = t.struct("kubernetes.NamespaceCondition", Map.of("status", SimpleType.STRING,
                "type", SimpleType.STRING, "lastTransitionTime", SimpleType.TIMESTAMP, "message", SimpleType.STRING,
                "reason", SimpleType.STRING));
        StructType status = t.struct("kubernetes.NamespaceStatus", Map.of("conditions", ListType.create(condition),
                "phase", SimpleType.STRING));
        Map<String, CelType> metadata = new LinkedHashMap<>();
        metadata.put("name", SimpleType.STRING);
        metadata.put("generateName", SimpleType.STRING);
        metadata.put("namespace", SimpleType.STRING);
        metadata.put("labels", MapType.create(SimpleType.STRING, SimpleType.STRING));
        metadata.put("annotations", MapType.create(SimpleType.STRING, SimpleType.STRING));
        metadata.put("UID", SimpleType.STRING);
        metadata.put("creationTimestamp", SimpleType.TIMESTAMP);
        metadata.put("deletionGracePeriodSeconds", SimpleType.INT);
        metadata.put("deletionTimestamp", SimpleType.TIMESTAMP);
        metadata.put("generation", SimpleType.INT);
        metadata.put("resourceVersion", SimpleType.STRING);
        metadata.put("finalizers", strings);
        StructType meta = t.struct("kubernetes.NamespaceMetadata", metadata);
        t.struct("kubernetes.Namespace", Map.of("metadata", meta, "spec", spec, "status", status));
        t.struct(VARIABLES, variables);
        return t;
    }

    CelType type(String name) {
        return types.get(name);
    }

    private StructType struct(String name, Map<String, CelType> fields) {
        Map<String, CelType> copy = Map.copyOf(fields);
        StructType type = StructType.create(name, ImmutableSet.copyOf(fields.keySet()),
                field -> Optional.ofNullable(copy.get(field)));
        types.put(name, type);
        return type;
    }

    @Override
    public ImmutableCollection<CelType> types() {
        return ImmutableList.copyOf(types.values());
    }

    @Override
    public Optional<CelType> findType(String typeName) {
        return Optional.ofNullable(types.get(typeName));
    }
}
