package skiff.apiserver.openapi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import skiff.api.json.Json;
import skiff.apiserver.resource.ResourceDefinition;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The document of a group-version CustomResourceDefinitions serve: each kind's structural schema with apiVersion,
 * kind and metadata added and its group-version-kind, its list kind, and ObjectMeta's schemas
 * (k/k 1.32 apiextensions-apiserver pkg/controller/openapi/builder: buildKubeNative, buildListSchema).
 */
final class CustomResourceDocument {
    private static final String METADATA = "Standard object's metadata. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
    private static final String LIST_METADATA = "Standard list metadata. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
    private static final String API_VERSION = "APIVersion defines the versioned schema of this representation of "
            + "an object. Servers should convert recognized schemas to the latest internal value, and may reject "
            + "unrecognized values. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
    private static final String KIND = "Kind is a string value representing the REST resource this object "
            + "represents. Servers may infer this from the endpoint the client submits requests to. Cannot be "
            + "updated. In CamelCase. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";

    private CustomResourceDocument() {
    }

    static ObjectNode of(String group, String version, List<ResourceDefinition> served, ObjectNode metaSchemas,
            String serverVersion) {
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.0.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", serverVersion);
        ObjectNode paths = doc.putObject("paths");
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        for (ResourceDefinition d : served) {
            String name = schemaName(group, version, d.kind());
            schemas.set(name, kindSchema(group, version, d));
            schemas.set(schemaName(group, version, d.listKind()), listSchema(group, version, d, name));
            addPaths(paths, group, version, d, name);
        }
        schemas.setAll(metaSchemas.deepCopy());
        return doc;
    }

    /** "com.example.stable.v1.CronTab" for stable.example.com/v1 CronTab (the group's labels reversed). */
    static String schemaName(String group, String version, String kind) {
        List<String> labels = new ArrayList<>(List.of(group.split("\\.")));
        Collections.reverse(labels);
        return String.join(".", labels) + "." + version + "." + kind;
    }

    private static ObjectNode kindSchema(String group, String version, ResourceDefinition d) {
        JsonNode declared = d.custom().openApiV3Schema();
        ObjectNode schema;
        if (declared.isObject() && !declared.isEmpty()) {
            schema = (ObjectNode) declared.deepCopy();
            ObjectNode properties = schema.has("properties") ? (ObjectNode) schema.get("properties")
                    : schema.putObject("properties");
            properties.set("metadata", reference(BuiltinSpecs.objectMetaRef(), METADATA));
            properties.putObject("apiVersion").put("description", API_VERSION).put("type", "string");
            properties.putObject("kind").put("description", KIND).put("type", "string");
        } else {
            schema = Json.object().put("type", "object");
        }
        schema.set("x-kubernetes-group-version-kind", groupVersionKind(group, version, d.kind()));
        return schema;
    }

    private static ObjectNode listSchema(String group, String version, ResourceDefinition d, String itemName) {
        ObjectNode schema = Json.object();
        schema.put("description", d.listKind() + " is a list of " + d.kind());
        schema.putArray("required").add("items");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("apiVersion").put("description", API_VERSION).put("type", "string");
        ObjectNode items = properties.putObject("items");
        items.put("description", "List of " + d.resource()
                + ". More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md");
        items.put("type", "array");
        items.putObject("items").put("$ref", SchemaGraph.V3_PREFIX + itemName);
        properties.putObject("kind").put("description", KIND).put("type", "string");
        properties.set("metadata", reference(BuiltinSpecs.listMetaRef(), LIST_METADATA));
        schema.set("x-kubernetes-group-version-kind", groupVersionKind(group, version, d.listKind()));
        return schema;
    }

    /** A reference with its own description, as kube-openapi builder3 writes one: wrapped in allOf. */
    private static ObjectNode reference(String ref, String description) {
        ObjectNode node = Json.object();
        node.putArray("allOf").addObject().put("$ref", ref);
        node.put("description", description);
        return node;
    }

    private static ArrayNode groupVersionKind(String group, String version, String kind) {
        ArrayNode gvk = Json.mapper().createArrayNode();
        gvk.addObject().put("group", group).put("kind", kind).put("version", version);
        return gvk;
    }

    /**
     * The object's and the list's paths with their reads and writes; kubectl reads the PATCH operation's
     * parameters to learn that the server validates fields (fieldValidation).
     */
    private static void addPaths(ObjectNode paths, String group, String version, ResourceDefinition d,
            String schemaName) {
        String collection = "/apis/" + group + "/" + version + (d.namespaced() ? "/namespaces/{namespace}/" : "/")
                + d.resource();
        String scope = d.namespaced() ? "Namespaced" : "";
        ObjectNode item = paths.putObject(collection + "/{name}");
        item.set("get", operation("read" + scope + d.kind(), group, version, d.kind(), schemaName, List.of()));
        item.set("put", operation("replace" + scope + d.kind(), group, version, d.kind(), schemaName,
                List.of("dryRun", "fieldManager", "fieldValidation")));
        ObjectNode patch = operation("patch" + scope + d.kind(), group, version, d.kind(), schemaName,
                List.of("dryRun", "fieldManager", "fieldValidation", "force"));
        ObjectNode content = patch.putObject("requestBody").putObject("content");
        for (String type : List.of("application/apply-patch+yaml", "application/json-patch+json",
                "application/merge-patch+json")) {
            content.putObject(type).putObject("schema").put("type", "object");
        }
        item.set("patch", patch);
        item.set("delete", operation("delete" + scope + d.kind(), group, version, d.kind(), schemaName,
                List.of("dryRun")));
        ObjectNode list = paths.putObject(collection);
        list.set("get", operation("list" + scope + d.kind(), group, version, d.kind(),
                schemaName(group, version, d.listKind()), List.of("labelSelector", "fieldSelector")));
        list.set("post", operation("create" + scope + d.kind(), group, version, d.kind(), schemaName,
                List.of("dryRun", "fieldManager", "fieldValidation")));
    }

    private static ObjectNode operation(String id, String group, String version, String kind, String schemaName,
            List<String> queryParameters) {
        ObjectNode op = Json.object();
        op.put("operationId", id);
        ArrayNode params = op.putArray("parameters");
        for (String name : queryParameters) {
            params.addObject().put("name", name).put("in", "query").putObject("schema")
                    .put("type", name.equals("force") ? "boolean" : "string");
        }
        op.putObject("responses").putObject("200").put("description", "OK").putObject("content")
                .putObject("application/json").putObject("schema").put("$ref", SchemaGraph.V3_PREFIX + schemaName);
        op.set("x-kubernetes-group-version-kind", groupVersionKind(group, version, kind).get(0));
        return op;
    }
}
