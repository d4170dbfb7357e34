package skiff.apiserver.http;

import java.util.List;
import java.util.Optional;
import skiff.apiserver.resource.ResourceCatalog;
import skiff.apiserver.resource.ResourceDefinition;

/**
 * What a request path addresses, parsed the way k/k apiserver pkg/endpoints/request/requestinfo.go does:
 * {@code /api/v1[/namespaces/NS]/RESOURCE[/NAME[/SUBRESOURCE]]} and the same under {@code /apis/GROUP/VERSION}.
 */
public sealed interface RequestTarget {

    /** {@code /api} or {@code /apis}. */
    record DiscoveryRoot(boolean legacy) implements RequestTarget {}

    /** {@code /apis/GROUP}. */
    record GroupDiscovery(String group) implements RequestTarget {}

    /** {@code /api/v1} or {@code /apis/GROUP/VERSION}. */
    record ResourceListDiscovery(String group, String version) implements RequestTarget {}

    /** A collection (name null) or one object, possibly a subresource of it; namespace null means all. */
    record Resource(ResourceDefinition definition, String namespace, String name, String subresource)
            implements RequestTarget {
        public boolean collection() {
            return name == null;
        }
    }

    /** A path under /api or /apis that names nothing served. */
    record Unknown() implements RequestTarget {}

    static RequestTarget parse(String path, ResourceCatalog catalog) {
        List<String> parts = segments(path);
        if (parts.isEmpty()) {
            return new Unknown();
        }
        if (parts.get(0).equals("api")) {
            if (parts.size() == 1) {
                return new DiscoveryRoot(true);
            }
            return parseVersioned("", parts.get(1), parts.subList(2, parts.size()), catalog);
        }
        if (parts.get(0).equals("apis")) {
            if (parts.size() == 1) {
                return new DiscoveryRoot(false);
            }
            if (parts.size() == 2) {
                return catalog.groups().contains(parts.get(1)) && !parts.get(1).isEmpty()
                        ? new GroupDiscovery(parts.get(1)) : new Unknown();
            }
            return parseVersioned(parts.get(1), parts.get(2), parts.subList(3, parts.size()), catalog);
        }
        return new Unknown();
    }

    private static RequestTarget parseVersioned(String group, String version, List<String> rest,
            ResourceCatalog catalog) {
        if (!catalog.servesGroupVersion(group, version)) {
            return new Unknown();
        }
        if (rest.isEmpty()) {
            return new ResourceListDiscovery(group, version);
        }
        // k8s also serves the deprecated /watch/ prefix; kubectl and client-go use ?watch=true instead.
        String namespace = null;
        List<String> r = rest;
        if (r.size() >= 3 && r.get(0).equals("namespaces")) {
            Optional<ResourceDefinition> namespaced = catalog.find(group, version, r.get(2));
            if (namespaced.isPresent() && namespaced.get().namespaced()) {
                namespace = r.get(1);
                r = r.subList(2, r.size());
            }
        }
        // k/k: NAME/proxy/PATH carries the path to proxy to after the subresource.
        if (r.size() > 3 && !r.get(2).equals("proxy")) {
            return new Unknown();
        }
        // k/k pkg/registry/core/rest/storage_core.go: POST /api/v1/namespaces/NS/bindings binds the pod the body names.
        if (group.isEmpty() && namespace == null && rest.size() == 3 && rest.get(0).equals("namespaces")
                && rest.get(2).equals("bindings")) {
            Optional<ResourceDefinition> pods = catalog.find(group, version, "pods");
            if (pods.isPresent()) {
                return new Resource(pods.get(), rest.get(1), null, "binding");
            }
        }
        Optional<ResourceDefinition> def = catalog.find(group, version, r.get(0));
        if (def.isEmpty()) {
            return new Unknown();
        }
        String name = r.size() > 1 ? r.get(1) : null;
        String sub = r.size() > 2 ? r.get(2) : null;
        if (namespace == null && def.get().namespaced() && name != null) {
            return new Unknown();
        }
        return new Resource(def.get(), namespace, name, sub);
    }

    private static List<String> segments(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
