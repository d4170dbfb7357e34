package skiff.apiserver.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import skiff.api.time.Clock;
import skiff.apiserver.cache.WatchCache;
import skiff.apiserver.registry.core.BuiltinStrategies;
import skiff.apiserver.registry.core.NamespaceDeleter;
import skiff.apiserver.resource.ResourceCatalog;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.store.KeyValueStore;
import tools.jackson.databind.node.ObjectNode;

/** The registry of every served resource, and the namespace rules that span them. */
public final class Registries implements NamespaceLookup {
    private final ResourceCatalog catalog;
    private final Map<ResourceDefinition, ResourceStorage> storages = new LinkedHashMap<>();
    private final ResourceStorage namespaces;
    private final NamespaceDeleter namespaceDeleter;

    public Registries(ResourceCatalog catalog, KeyValueStore store, WatchCache cache, Clock clock) {
        this.catalog = catalog;
        for (ResourceDefinition def : catalog.all()) {
            storages.put(def, new ResourceStorage(def, BuiltinStrategies.forResource(def),
                    BuiltinStrategies.forSubresources(def), store, cache, clock, this,
                    BuiltinStrategies.conversion(def)));
        }
        this.namespaces = forResource(catalog.find("", "v1", "namespaces").orElseThrow());
        this.namespaceDeleter = new NamespaceDeleter(namespaces);
    }

    public ResourceCatalog catalog() {
        return catalog;
    }

    public ResourceStorage forResource(ResourceDefinition def) {
        return storages.get(def);
    }

    public Iterable<ResourceStorage> all() {
        return storages.values();
    }

    public ResourceStorage namespaces() {
        return namespaces;
    }

    @Override
    public State state(String namespace) {
        Optional<ObjectNode> ns = namespaces.find(null, namespace);
        if (ns.isEmpty()) {
            return State.MISSING;
        }
        boolean terminating = ns.get().path("metadata").hasNonNull("deletionTimestamp")
                || "Terminating".equals(ns.get().path("status").path("phase").asString(""));
        return terminating ? State.TERMINATING : State.ACTIVE;
    }

    /** Deletes one object; a namespace is only marked, for the namespace controller to empty 
     * (k/k namespace lifecycle).
     */
    public DeleteResult delete(ResourceDefinition def, String namespace, String name, DeleteOptions options) {
        if (def.equals(namespaces.definition())) {
            return namespaceDeleter.delete(name, options);
        }
        return forResource(def).delete(namespace, name, options);
    }
}
