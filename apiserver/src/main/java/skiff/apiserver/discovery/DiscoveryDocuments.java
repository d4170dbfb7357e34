package skiff.apiserver.discovery;

import java.util.List;
import skiff.api.json.Json;
import skiff.apiserver.resource.ResourceCatalog;
import skiff.apiserver.resource.ResourceDefinition;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Discovery in both forms kubectl understands: the aggregated APIGroupDiscoveryList (apidiscovery.k8s.io/v2 and
 * v2beta1) and the legacy APIVersions / APIGroupList / APIResourceList documents (k/k apiserver pkg/endpoints/
 * discovery).
 */
public final class DiscoveryDocuments {
    private final ResourceCatalog catalog;
    private final ServedSubresources subresources;

    public DiscoveryDocuments(ResourceCatalog catalog, ServedSubresources subresources) {
        this.catalog = catalog;
        this.subresources = subresources;
    }

    /** {@code /api} (legacy = true) or {@code /apis} as an APIGroupDiscoveryList. */
    public ObjectNode aggregated(boolean legacy, String discoveryVersion) {
        ObjectNode list = Json.object();
        list.put("kind", "APIGroupDiscoveryList");
        list.put("apiVersion", "apidiscovery.k8s.io/" + discoveryVersion);
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        for (String group : catalog.groups()) {
            if (group.isEmpty() != legacy) {
                continue;
            }
            ObjectNode item = items.addObject();
            item.putObject("metadata").put("name", group);
            ArrayNode versions = item.putArray("versions");
            for (String version : catalog.versions(group)) {
                ObjectNode v = versions.addObject();
                v.put("version", version);
                ArrayNode resources = v.putArray("resources");
                for (ResourceDefinition d : catalog.inGroupVersion(group, version)) {
                    resources.add(aggregatedResource(d));
                }
                v.put("freshness", "Current");
            }
        }
        return list;
    }

    private ObjectNode aggregatedResource(ResourceDefinition d) {
        ObjectNode r = Json.object();
        r.put("resource", d.resource());
        ObjectNode kind = r.putObject("responseKind");
        kind.put("group", d.group());
        kind.put("version", d.version());
        kind.put("kind", d.kind());
        r.put("scope", d.namespaced() ? "Namespaced" : "Cluster");
        r.put("singularResource", d.singular());
        strings(r.putArray("verbs"), d.verbs());
        if (!d.shortNames().isEmpty()) {
            strings(r.putArray("shortNames"), d.shortNames());
        }
        if (!d.categories().isEmpty()) {
            strings(r.putArray("categories"), d.categories());
        }
        List<SubresourceDescription> served = subresources.of(d);
        if (!served.isEmpty()) {
            ArrayNode subs = r.putArray("subresources");
            for (SubresourceDescription k : served) {
                ObjectNode s = subs.addObject();
                s.put("subresource", k.name());
                ObjectNode sk = s.putObject("responseKind");
                sk.put("group", k.group());
                sk.put("version", k.version());
                sk.put("kind", k.kind());
                strings(s.putArray("verbs"), k.verbs());
            }
        }
        return r;
    }

    /** {@code /api} as APIVersions. */
    public ObjectNode apiVersions(String serverAddress) {
        ObjectNode n = Json.object();
        n.put("kind", "APIVersions");
        n.putArray("versions").add("v1");
        ObjectNode cidr = n.putArray("serverAddressByClientCIDRs").addObject();
        cidr.put("clientCIDR", "0.0.0.0/0");
        cidr.put("serverAddress", serverAddress);
        return n;
    }

    /** {@code /apis} as APIGroupList. */
    public ObjectNode apiGroupList() {
        ObjectNode n = Json.object();
        n.put("kind", "APIGroupList");
        n.put("apiVersion", "v1");
        ArrayNode groups = n.putArray("groups");
        for (String group : catalog.groups()) {
            if (!group.isEmpty()) {
                groups.add(apiGroup(group).without(List.of("kind", "apiVersion")));
            }
        }
        return n;
    }

    /** {@code /apis/GROUP} as APIGroup. */
    public ObjectNode apiGroup(String group) {
        ObjectNode g = Json.object();
        g.put("kind", "APIGroup");
        g.put("apiVersion", "v1");
        g.put("name", group);
        ArrayNode versions = g.putArray("versions");
        for (String version : catalog.versions(group)) {
            ObjectNode v = versions.addObject();
            v.put("groupVersion", group + "/" + version);
            v.put("version", version);
        }
        g.set("preferredVersion", versions.get(0).deepCopy());
        return g;
    }

    /** {@code /api/v1} or {@code /apis/GROUP/VERSION} as APIResourceList. */
    public ObjectNode apiResourceList(String group, String version) {
        ObjectNode n = Json.object();
        n.put("kind", "APIResourceList");
        n.put("apiVersion", "v1");
        n.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = n.putArray("resources");
        for (ResourceDefinition d : catalog.inGroupVersion(group, version)) {
            ObjectNode r = resources.addObject();
            r.put("name", d.resource());
            r.put("singularName", d.singular());
            r.put("namespaced", d.namespaced());
            r.put("kind", d.kind());
            strings(r.putArray("verbs"), d.verbs());
            if (!d.shortNames().isEmpty()) {
                strings(r.putArray("shortNames"), d.shortNames());
            }
            if (!d.categories().isEmpty()) {
                strings(r.putArray("categories"), d.categories());
            }
            for (SubresourceDescription k : subresources.of(d)) {
                ObjectNode s = resources.addObject();
                s.put("name", d.resource() + "/" + k.name());
                s.put("singularName", "");
                s.put("namespaced", d.namespaced());
                if (!k.group().equals(d.group()) || !k.version().equals(d.version())) {
                    s.put("group", k.group());
                    s.put("version", k.version());
                }
                s.put("kind", k.kind());
                strings(s.putArray("verbs"), k.verbs());
            }
        }
        return n;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
