package skiff.apiserver.fieldmanager;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import skiff.api.json.Json;
import skiff.apiserver.openapi.BuiltinSpecs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The merge types of every kind: built-in kinds' from Kubernetes' published OpenAPI v3 documents that this server
 * publishes too (each group-version's schemas read once, without their descriptions, when a kind of it is first
 * asked for), custom resources'
 * from their CRD version's structural schema. Kubernetes does the same: k/k 1.32 apiserver builds its field
 * managers' type converter from the OpenAPI models of the installed APIs (managedfields.NewTypeConverter) and
 * names a kind's type by the {@code x-kubernetes-group-version-kind} of its definition; apiextensions-apiserver
 * builds a CRD's from the schema it publishes for it, with ObjectMeta under metadata.
 * A kind without a published schema is deduced from its values.
 */
public final class MergeSchema {
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static final MergeSchema BUILTIN = new MergeSchema();

    private final Map<String, JsonNode> definitions = new ConcurrentHashMap<>();
    private final Map<String, String> kinds = new ConcurrentHashMap<>();
    private final Set<String> loaded = ConcurrentHashMap.newKeySet();
    private final OpenApiMergeTypes types = new OpenApiMergeTypes(definitions::get);

    private MergeSchema() {
        load("v1");
    }

    public static MergeSchema builtin() {
        return BUILTIN;
    }

    /** The type of a whole object of a built-in kind ("apps/v1", "Deployment"). */
    SchemaType root(String apiVersion, String kind) {
        if (!loaded.contains(apiVersion)) {
            load(apiVersion);
        }
        String name = kinds.get(apiVersion + "/" + kind);
        return name == null ? SchemaType.Deduced.INSTANCE : types.named(name);
    }

    /** The type of a whole custom resource whose CRD version has this openAPIV3Schema. */
    SchemaType customResource(JsonNode openApiV3Schema) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        openApiV3Schema.path("properties").properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
        ObjectNode metadata = Json.object().put("$ref", OpenApiMergeTypes.REF_PREFIX + OBJECT_META);
        fields.put("metadata", metadata);
        fields.put("apiVersion", Json.object().set("type", StringNode.valueOf("string")));
        fields.put("kind", Json.object().set("type", StringNode.valueOf("string")));
        return types.struct(fields, false);
    }

    /** Reads the published document of a group-version ("v1", "apps/v1"), if there is one. */
    private synchronized void load(String apiVersion) {
        if (loaded.contains(apiVersion)) {
            return;
        }
        String path = apiVersion.contains("/") ? "apis/" + apiVersion : "api/" + apiVersion;
        BuiltinSpecs.schemasWithoutDescriptions(path).ifPresent(source -> {
            for (var definition : Json.parse(source).properties()) {
                definitions.putIfAbsent(definition.getKey(), definition.getValue());
                for (JsonNode gvk : definition.getValue().path("x-kubernetes-group-version-kind")) {
                    String group = gvk.path("group").asString("");
                    String version = gvk.path("version").asString("");
                    kinds.putIfAbsent((group.isEmpty() ? version : group + "/" + version) + "/"
                            + gvk.path("kind").asString(""), definition.getKey());
                }
            }
        });
        loaded.add(apiVersion);
    }
}
