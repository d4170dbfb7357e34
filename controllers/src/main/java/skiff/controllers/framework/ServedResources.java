package skiff.controllers.framework;

import java.util.List;
import java.util.Optional;

/** The resources the API server serves, looked up by apiVersion and kind as owner references name them. */
public record ServedResources(List<ServedResource> all) {

    public ServedResources {
        all = List.copyOf(all);
    }

    public Optional<ServedResource> byKind(String apiVersion, String kind) {
        return all.stream().filter(r -> r.apiVersion().equals(apiVersion) && r.kind().equals(kind)).findFirst();
    }

    public List<ServedResource> namespaced() {
        return all.stream().filter(ServedResource::namespaced).toList();
    }
}
