package skiff.apiserver.openapi;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import skiff.apiserver.resource.ResourceDefinition;
import tools.jackson.databind.node.ObjectNode;

/**
 * A built-in group-version's document: Kubernetes' own, with the paths of the resources Skiff serves and the
 * schemas those paths reach (kube-openapi builder3 publishes the schemas of the routes a server has).
 */
final class BuiltinDocument {
    private BuiltinDocument() {
    }

    static ObjectNode of(ObjectNode kubernetes, String path, List<ResourceDefinition> served, String version) {
        Set<String> resources = new HashSet<>();
        served.forEach(d -> resources.add(d.resource()));
        ObjectNode paths = kubernetes.objectNode();
        for (var entry : kubernetes.path("paths").properties()) {
            String resource = resourceOf(entry.getKey().substring(path.length() + 1));
            if (resource.isEmpty() || resources.contains(resource)) {
                paths.set(entry.getKey(), entry.getValue());
            }
        }
        ObjectNode schemas = (ObjectNode) kubernetes.path("components").path("schemas");
        ObjectNode kept = SchemaGraph.only(schemas, SchemaGraph.closure(schemas, SchemaGraph.references(paths)));
        kubernetes.set("paths", paths);
        ((ObjectNode) kubernetes.get("components")).set("schemas", kept);
        ((ObjectNode) kubernetes.get("info")).put("version", version);
        return kubernetes;
    }

    /**
     * The resource a path below the group-version serves: "pods" for "/namespaces/{namespace}/pods/{name}/log",
     * "/watch/pods" or "/pods"; "namespaces" for "/namespaces/{name}/finalize"; "" for the group-version itself.
     */
    static String resourceOf(String relative) {
        String[] segments = relative.replaceFirst("^/", "").split("/");
        int first = segments.length > 0 && segments[0].equals("watch") ? 1 : 0;
        if (segments.length > first + 2 && segments[first].equals("namespaces")
                && segments[first + 1].equals("{namespace}")) {
            return segments[first + 2];
        }
        return segments.length > first ? segments[first] : "";
    }
}
