package skiff.controllers.framework;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One resource the API server serves, as discovery describes it.
 *
 * @param group "" for the core group
 * @param plural the name in URLs ("replicasets")
 * @param verbs what the resource supports ("list", "watch", "delete", "deletecollection", ...)
 */
public record ServedResource(String group, String version, String kind, String plural, boolean namespaced,
        List<String> verbs) {

    public ServedResource {
        verbs = List.copyOf(verbs);
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public boolean supports(String verb) {
        return verbs.contains(verb);
    }

    /** "replicasets.apps", "pods": how Kubernetes names a resource in messages. */
    public String qualifiedName() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** The URL path of one object: {@code /apis/apps/v1/namespaces/NS/replicasets/NAME}. */
    public String path(String namespace, String name) {
        String root = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        String scope = namespaced ? "/namespaces/" + encode(namespace) : "";
        return root + scope + "/" + plural + "/" + encode(name);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** What fabric8's generic client needs to address this resource. */
    public ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(namespaced)
                .build();
    }
}
