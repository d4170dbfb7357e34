package skiff.apiserver.openapi;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import skiff.api.json.Json;
import skiff.apiserver.openapi.OpenApiDocuments.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI v2 document at {@code /openapi/v2}: the definitions of every served group-version's OpenAPI v3
 * document in Swagger 2.0 form, as JSON or as gnostic's protobuf message ({@link GnosticDocument}), which kubectl
 * asks for (client-go discovery openAPIV2mimePb) to explain with {@code --output=plaintext-openapiv2} and to look up
 * patch metadata. Kubernetes builds v2 and v3 from the same definitions (kube-openapi builder and builder3); the
 * v3 forms map back one to one: a {@code $ref} wrapped in {@code allOf} becomes the {@code $ref} itself, and
 * IntOrString's {@code oneOf} becomes the string type with the int-or-string format, and keywords Swagger 2.0 lacks
 * are left out. Paths are not published.
 */
public final class OpenApiV2Document {
    /** The only type kubectl asks for (client-go discovery openAPIV2mimePb). */
    public static final String PROTOBUF = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
    /** What the answer says it is (k/k kube-openapi pkg/handler): the same type spelled so Go's mime parser reads it. */
    public static final String PROTOBUF_CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private static final String TITLE = "Kubernetes";
    private static final String V2_PREFIX = "#/definitions/";
    /** Values that are data, not schemas. */
    private static final Set<String> VERBATIM = Set.of("default", "enum", "example", "required", "type");
    /** OpenAPI v3 keywords Swagger 2.0 lacks (k/k 1.32 apiextensions-apiserver pkg/controller/openapi/v2). */
    private static final Set<String> V3_ONLY = Set.of("anyOf", "oneOf", "not", "nullable");

    private final OpenApiDocuments v3;
    private final String version;
    private final AtomicReference<Built> built = new AtomicReference<>();

    private record Built(List<String> etags, byte[] json, byte[] protobuf) {
    }

    public OpenApiV2Document(OpenApiDocuments v3, String version) {
        this.v3 = v3;
        this.version = version;
    }

    public byte[] json() {
        return current().json();
    }

    public byte[] protobuf() {
        return current().protobuf();
    }

    private Built current() {
        List<Document> documents = v3.documents();
        List<String> etags = documents.stream().map(Document::etag).toList();
        Built last = built.get();
        if (last != null && last.etags().equals(etags)) {
            return last;
        }
        ObjectNode doc = document(documents);
        Built next = new Built(etags, Json.bytes(doc), GnosticDocument.encode(doc));
        built.set(next);
        return next;
    }

    private ObjectNode document(List<Document> documents) {
        ObjectNode doc = Json.object();
        doc.put("swagger", "2.0");
        doc.putObject("info").put("title", TITLE).put("version", version);
        doc.putObject("paths");
        ObjectNode definitions = doc.putObject("definitions");
        for (ObjectNode schemas : v3.schemasByDocument(documents).values()) {
            for (var entry : schemas.properties()) {
                if (!definitions.has(entry.getKey())) {
                    definitions.set(entry.getKey(), toV2(entry.getValue()));
                }
            }
        }
        return doc;
    }

    /** A v3 schema in its v2 form. */
    static JsonNode toV2(JsonNode node) {
        if (node.isArray()) {
            ArrayNode array = Json.mapper().createArrayNode();
            node.forEach(element -> array.add(toV2(element)));
            return array;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode v2 = Json.object();
        JsonNode allOf = node.get("allOf");
        boolean wrappedReference = allOf != null && allOf.size() == 1 && allOf.get(0).has("$ref");
        boolean intOrString = "int-or-string".equals(node.path("format").asString(""));
        for (var entry : node.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (wrappedReference && key.equals("allOf")) {
                v2.put("$ref", value.get(0).get("$ref").asString().replace(SchemaGraph.V3_PREFIX, V2_PREFIX));
            } else if (wrappedReference && key.equals("default")) {
                continue; // a Swagger 2.0 reference has no siblings but its description
            } else if (intOrString && key.equals("oneOf")) {
                v2.put("type", "string");
            } else if (V3_ONLY.contains(key)) {
                continue;
            } else if (key.equals("$ref") && value.isString()) {
                v2.put("$ref", value.asString().replace(SchemaGraph.V3_PREFIX, V2_PREFIX));
            } else if (key.equals("properties")) {
                v2.set(key, properties(value));
            } else if (VERBATIM.contains(key) || key.startsWith("x-")) {
                v2.set(key, value);
            } else {
                v2.set(key, toV2(value));
            }
        }
        return v2;
    }

    private static ObjectNode properties(JsonNode properties) {
        ObjectNode v2 = Json.object();
        for (var entry : properties.properties()) {
            v2.set(entry.getKey(), toV2(entry.getValue()));
        }
        return v2;
    }
}
