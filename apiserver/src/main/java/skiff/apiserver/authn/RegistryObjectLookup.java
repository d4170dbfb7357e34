package skiff.apiserver.authn;

import java.util.Optional;
import skiff.apiserver.registry.Registries;
import skiff.apiserver.registry.ResourceStorage;
import tools.jackson.databind.node.ObjectNode;

/** The objects tokens name, read from the API server's own registries. */
public final class RegistryObjectLookup implements ObjectLookup {
    private final ResourceStorage serviceAccounts;
    private final ResourceStorage pods;
    private final ResourceStorage nodes;
    private final ResourceStorage secrets;

    public RegistryObjectLookup(Registries registries) {
        this.serviceAccounts = storage(registries, "serviceaccounts");
        this.pods = storage(registries, "pods");
        this.nodes = storage(registries, "nodes");
        this.secrets = storage(registries, "secrets");
    }

    private static ResourceStorage storage(Registries registries, String resource) {
        return registries.forResource(registries.catalog().find("", "v1", resource).orElseThrow());
    }

    @Override
    public Optional<ObjectNode> serviceAccount(String namespace, String name) {
        return serviceAccounts.find(namespace, name);
    }

    @Override
    public Optional<ObjectNode> pod(String namespace, String name) {
        return pods.find(namespace, name);
    }

    @Override
    public Optional<ObjectNode> node(String name) {
        return nodes.find(null, name);
    }

    @Override
    public Optional<ObjectNode> secret(String namespace, String name) {
        return secrets.find(namespace, name);
    }
}
