package skiff.apiserver.discovery;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import skiff.api.json.Json;
import skiff.apiserver.resource.ResourceCatalog;
import skiff.apiserver.resource.ResourceDefinition;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAPI v3 as far as kubectl needs it to validate on the server: the root index and, per group-version, a
 * document whose PATCH operations carry the group-version-kind and the {@code fieldValidation} parameter
 * (kubectl's openapi3 resource checks, staging/src/k8s.io/kubectl/pkg/util/openapi). Schemas are not served yet,
 * so PATCH does not advertise strategic merge and kubectl uses its compiled-in patch metadata.
 */
public final class OpenApiDocuments {
    private final ResourceCatalog catalog;

    public OpenApiDocuments(ResourceCatalog catalog) {
        this.catalog = catalog;
    }

    /** The documents of the group-versions served now (CRDs come and go), by path. */
    private Map<String, byte[]> documents() {
        Map<String, byte[]> documents = new LinkedHashMap<>();
        for (String group : catalog.groups()) {
            for (String version : catalog.versions(group)) {
                String path = group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
                documents.put(path, Json.bytes(document(catalog, group, version)));
            }
        }
        return documents;
    }

    public byte[] root() {
        ObjectNode root = Json.object();
        ObjectNode paths = root.putObject("paths");
        documents().forEach((path, doc) ->
                paths.putObject(path).put("serverRelativeURL", "/openapi/v3/" + path + "?hash=" + sha512(doc)));
        return Json.bytes(root);
    }

    /** The document for "api/v1" or "apis/GROUP/VERSION". */
    public Optional<byte[]> document(String path) {
        return Optional.ofNullable(documents().get(path));
    }

    private static ObjectNode document(ResourceCatalog catalog, String group, String version) {
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", "v1.32.4");
        ObjectNode paths = doc.putObject("paths");
        for (ResourceDefinition d : catalog.inGroupVersion(group, version)) {
            String base = "/" + (group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version)
                    + (d.namespaced() ? "/namespaces/{namespace}/" : "/") + d.resource() + "/{name}";
            ObjectNode patch = paths.putObject(base).putObject("patch");
            patch.put("operationId", "patch" + d.kind());
            ObjectNode gvk = patch.putObject("x-kubernetes-group-version-kind");
            gvk.put("group", group);
            gvk.put("version", version);
            gvk.put("kind", d.kind());
            ArrayNode params = patch.putArray("parameters");
            for (String name : new String[] {"dryRun", "fieldManager", "fieldValidation", "force"}) {
                ObjectNode p = params.addObject();
                p.put("name", name);
                p.put("in", "query");
                p.putObject("schema").put("type", name.equals("force") ? "boolean" : "string");
            }
            ObjectNode content = patch.putObject("requestBody").putObject("content");
            for (String type : new String[] {"application/apply-patch+yaml", "application/json-patch+json",
                    "application/merge-patch+json"}) {
                content.putObject(type).putObject("schema").put("type", "object");
            }
            patch.putObject("responses").putObject("200").put("description", "OK");
        }
        doc.putObject("components").putObject("schemas");
        return doc;
    }

    private static String sha512(byte[] doc) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(doc)).toUpperCase();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
