package skiff.apiserver.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.apiserver.admission.AdmissionChain;
import skiff.apiserver.admission.AdmissionPlugins;
import skiff.apiserver.admission.NamespaceLookup;
import skiff.apiserver.admission.NodeObjectLookup;
import skiff.apiserver.admission.PriorityClassLookup;
import skiff.apiserver.admission.ServiceAccountLookup;
import skiff.apiserver.admission.StorageClassLookup;
import skiff.apiserver.admission.policy.PolicySource;
import skiff.apiserver.admission.webhook.WebhookSource;
import skiff.apiserver.authz.CertificateSignerChecks;
import skiff.apiserver.authz.EscalationCheck;
import skiff.apiserver.authz.Authorizer;
import skiff.apiserver.authz.NodeAuthorizer;
import skiff.apiserver.authz.NodeRelations;
import skiff.apiserver.authz.RbacAuthorizer;
import skiff.apiserver.authz.UnionAuthorizer;
import skiff.apiserver.registry.rbac.BootstrapPolicy;
import skiff.apiserver.registry.rbac.StoredPolicy;
import skiff.apiserver.cache.WatchCache;
import skiff.apiserver.registry.core.BuiltinStrategies;
import skiff.apiserver.resource.ResourceCatalog;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.service.ServiceAllocators;
import skiff.apiserver.service.ServiceNetwork;
import skiff.apiserver.status.StatusException;
import skiff.store.KeyValueStore;
import tools.jackson.databind.node.ObjectNode;

/** The registry of every served resource, and the admission chain every write to them goes through. */
public final class Registries implements NamespaceLookup, PriorityClassLookup, ServiceAccountLookup,
        NodeObjectLookup, StorageClassLookup, WebhookSource, PolicySource {
    private static final Logger LOG = LoggerFactory.getLogger(Registries.class);
    private final ResourceCatalog catalog;
    private volatile Map<ResourceDefinition, ResourceStorage> storages = new LinkedHashMap<>();
    private final KeyValueStore store;
    private final WatchCache cache;
    private final Clock clock;
    private final AdmissionChain admission;
    private final ResourceStorage namespaces;
    private final ServiceAllocators serviceAllocators;
    private final RbacAuthorizer authorizer;
    private final Authorizer requestAuthorizer;

    public Registries(ResourceCatalog catalog, KeyValueStore store, WatchCache cache, Clock clock) {
        this(catalog, store, cache, clock, Set.of());
    }

    /** With the admission plugins named in {@code disabledAdmission} turned off (--disable-admission-plugins). */
    public Registries(ResourceCatalog catalog, KeyValueStore store, WatchCache cache, Clock clock,
            Set<String> disabledAdmission) {
        this(catalog, store, cache, clock, disabledAdmission, new ServiceAllocators(ServiceNetwork.defaults()));
    }

    /** With Services' cluster IPs and node ports taken from {@code serviceAllocators}. */
    public Registries(ResourceCatalog catalog, KeyValueStore store, WatchCache cache, Clock clock,
            Set<String> disabledAdmission, ServiceAllocators serviceAllocators) {
        this.catalog = catalog;
        this.serviceAllocators = serviceAllocators;
        this.store = store;
        this.cache = cache;
        this.clock = clock;
        AdmissionChain admission = AdmissionPlugins.chain(disabledAdmission, this, this, this, this, clock,
                this, this, this);
        this.admission = admission;
        this.authorizer = new RbacAuthorizer(new StoredPolicy(catalog, cache));
        this.requestAuthorizer = new UnionAuthorizer(List.of(new NodeAuthorizer(
                new NodeRelations(new CachedNodeRelations(catalog, cache)), BootstrapPolicy.nodeRules()), authorizer));
        AdmissionChain rbacAdmission = admission.withStorageCheck(new EscalationCheck(authorizer));
        AdmissionChain csrAdmission = admission.withStorageCheck(new CertificateSignerChecks(requestAuthorizer));
        for (ResourceDefinition def : catalog.all()) {
            AdmissionChain chain = def.group().equals("rbac.authorization.k8s.io") ? rbacAdmission
                    : def.group().equals("certificates.k8s.io") ? csrAdmission : admission;
            storages.put(def, new ResourceStorage(def,
                    BuiltinStrategies.forResource(def, serviceAllocators, this::deleteEndpoints, clock),
                    BuiltinStrategies.forSubresources(def, clock), store, cache, clock, chain,
                    BuiltinStrategies.conversion(def)));
        }
        this.namespaces = forResource(catalog.find("", "v1", "namespaces").orElseThrow());
    }

    /** Decides requests by the RBAC objects stored here. */
    public RbacAuthorizer authorizer() {
        return authorizer;
    }

    /** Decides every request: the Node authorizer, then RBAC (k/k --authorization-mode=Node,RBAC). */
    public Authorizer requestAuthorizer() {
        return requestAuthorizer;
    }

    /** The pools Services' cluster IPs and node ports come from. */
    public ServiceAllocators serviceAllocators() {
        return serviceAllocators;
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

    /**
     * Starts serving {@code def}, a resource a CustomResourceDefinition defines, from the same store as built-in
     * resources, through {@code strategy} and the subresources' {@code subresourceStrategies}.
     */
    public synchronized ResourceStorage serve(ResourceDefinition def, ResourceStrategy strategy,
            Map<ObjectPart, ResourceStrategy> subresourceStrategies, StorageConversion conversion) {
        ResourceStorage storage = new ResourceStorage(def, strategy, subresourceStrategies, store, cache, clock,
                admission, conversion);
        Map<ResourceDefinition, ResourceStorage> next = new LinkedHashMap<>(storages);
        next.keySet().removeIf(d -> d.groupVersion().equals(def.groupVersion()) && d.resource().equals(def.resource()));
        next.put(def, storage);
        storages = next;
        catalog.add(List.of(def));
        return storage;
    }

    /** Stops serving {@code def}; its objects stay in the store. */
    public synchronized void stopServing(ResourceDefinition def) {
        catalog.remove(List.of(def));
        Map<ResourceDefinition, ResourceStorage> next = new LinkedHashMap<>(storages);
        next.remove(def);
        storages = next;
    }

    public ResourceStorage namespaces() {
        return namespaces;
    }

    @Override
    public State state(String namespace, boolean live) {
        Optional<ObjectNode> ns = live ? namespaces.find(null, namespace) : namespaces.cachedOrStored(null, namespace);
        if (ns.isEmpty()) {
            return State.MISSING;
        }
        boolean terminating = ns.get().path("metadata").hasNonNull("deletionTimestamp")
                || "Terminating".equals(ns.get().path("status").path("phase").asString(""));
        return terminating ? State.TERMINATING : State.ACTIVE;
    }

    // k/k pkg/registry/core/service/storage/storage.go afterDelete: a deleted Service's Endpoints are deleted too.
    private void deleteEndpoints(ObjectNode service) {
        ResourceDefinition endpoints = catalog.find("", "v1", "endpoints").orElseThrow();
        try {
            forResource(endpoints).delete(StoredObjects.namespace(service), StoredObjects.name(service),
                    DeleteOptions.DEFAULT);
        } catch (StatusException e) {
            if (e.code() != 404) {
                LOG.warn("delete service endpoints {}/{} failed: {}", StoredObjects.namespace(service),
                        StoredObjects.name(service), e.getMessage());
            }
        }
    }

    @Override
    public Optional<ObjectNode> serviceAccount(String namespace, String name) {
        return forResource(catalog.find("", "v1", "serviceaccounts").orElseThrow()).cachedOrStored(namespace, name);
    }

    @Override
    public Optional<ObjectNode> pod(String namespace, String name) {
        return forResource(catalog.find("", "v1", "pods").orElseThrow()).cachedOrStored(namespace, name);
    }

    @Override
    public Optional<ObjectNode> node(String name) {
        return forResource(catalog.find("", "v1", "nodes").orElseThrow()).cachedOrStored(null, name);
    }

    @Override
    public List<ObjectNode> storageClasses() {
        return forResource(catalog.find("storage.k8s.io", "v1", "storageclasses").orElseThrow()).cached(null);
    }

    @Override
    public List<ObjectNode> webhookConfigurations(boolean mutating) {
        String resource = mutating ? "mutatingwebhookconfigurations" : "validatingwebhookconfigurations";
        return forResource(catalog.find("admissionregistration.k8s.io", "v1", resource).orElseThrow()).cached(null);
    }

    @Override
    public Authorizer admissionAuthorizer() {
        return requestAuthorizer;
    }

    @Override
    public List<ObjectNode> validatingAdmissionPolicies() {
        return admissionRegistration("validatingadmissionpolicies");
    }

    @Override
    public List<ObjectNode> validatingAdmissionPolicyBindings() {
        return admissionRegistration("validatingadmissionpolicybindings");
    }

    private List<ObjectNode> admissionRegistration(String resource) {
        return forResource(catalog.find("admissionregistration.k8s.io", "v1", resource).orElseThrow()).cached(null);
    }

    @Override
    public Optional<ResourceDefinition> resourceOfKind(String apiVersion, String kind) {
        return catalog.findByKind(apiVersion, kind);
    }

    @Override
    public Optional<ObjectNode> find(ResourceDefinition resource, String namespace, String name) {
        ResourceStorage storage = forResource(resource);
        return storage == null ? Optional.empty() : storage.cachedOrStored(namespace, name);
    }

    @Override
    public List<ObjectNode> list(ResourceDefinition resource, String namespace) {
        ResourceStorage storage = forResource(resource);
        return storage == null ? List.of() : storage.cached(namespace);
    }

    @Override
    public Optional<ObjectNode> namespace(String name) {
        return namespaces.cachedOrStored(null, name);
    }

    @Override
    public Optional<ObjectNode> service(String namespace, String name) {
        return forResource(catalog.find("", "v1", "services").orElseThrow()).find(namespace, name);
    }

    @Override
    public Optional<ObjectNode> endpoints(String namespace, String name) {
        return forResource(catalog.find("", "v1", "endpoints").orElseThrow()).find(namespace, name);
    }

    @Override
    public List<ObjectNode> priorityClasses() {
        return forResource(catalog.find("scheduling.k8s.io", "v1", "priorityclasses").orElseThrow()).cached(null);
    }

    /** Deletes one object; a namespace is only marked, for the namespace controller to empty. */
    public DeleteResult delete(ResourceDefinition def, String namespace, String name, DeleteOptions options) {
        return forResource(def).delete(namespace, name, options);
    }
}
