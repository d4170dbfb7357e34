package skiff.apiserver.discovery;

import java.util.List;

/**
 * How discovery lists one served subresource: its name, the kind its endpoint speaks and its verbs (k/k apiserver
 * pkg/endpoints/installer.go: the storage's GroupVersionKind and the verbs it implements).
 */
public record SubresourceDescription(String name, String group, String version, String kind, List<String> verbs) {
    public SubresourceDescription {
        verbs = List.copyOf(verbs);
    }
}
