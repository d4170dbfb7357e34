package skiff.controllers.framework;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads discovery: the core group's v1 resources and each named group's preferred version (k/k client-go
 * discovery ServerPreferredResources). Subresources ("pods/status") are left out.
 */
public final class ResourceDiscovery {
    private ResourceDiscovery() {}

    public static ServedResources discover(KubernetesClient client) {
        List<ServedResource> resources = new ArrayList<>();
        addAll(resources, "", "v1", client.getApiResources("v1"));
        for (APIGroup group : client.getApiGroups().getGroups()) {
            String groupVersion = group.getPreferredVersion() != null
                    ? group.getPreferredVersion().getGroupVersion()
                    : group.getVersions().get(0).getGroupVersion();
            String version = groupVersion.substring(groupVersion.indexOf('/') + 1);
            addAll(resources, group.getName(), version, client.getApiResources(groupVersion));
        }
        return new ServedResources(resources);
    }

    private static void addAll(List<ServedResource> into, String group, String version, APIResourceList list) {
        if (list == null) {
            return;
        }
        for (APIResource r : list.getResources()) {
            if (r.getName().contains("/")) {
                continue;
            }
            into.add(new ServedResource(group, version, r.getKind(), r.getName(),
                    Boolean.TRUE.equals(r.getNamespaced()), r.getVerbs() == null ? List.of() : r.getVerbs()));
        }
    }
}
