package skiff.apiserver.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import skiff.api.time.Clock;
import skiff.apiserver.admission.AdmissionChain;
import skiff.apiserver.admission.AdmissionRequest;
import skiff.apiserver.admission.Operation;
import skiff.apiserver.cache.CacheWatcher;
import skiff.apiserver.cache.WatchCache;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import skiff.store.KeyValueStore;
import tools.jackson.databind.node.ObjectNode;

/**
 * The generic registry of one resource: reads through {@link ResourceRegistry}, writes through the create, update
 * and delete operations, all shaped by the resource's {@link ResourceStrategy}.
 */
public final class ResourceStorage {
    private final ResourceDefinition definition;
    private final ResourceRegistry reads;
    private final ObjectCreator creator;
    private final ObjectUpdater updater;
    private final ObjectDeleter deleter;
    private final ObjectApplier applier;
    private final AdmissionChain admission;

    public ResourceStorage(ResourceDefinition definition, ResourceStrategy strategy,
            Map<ObjectPart, ResourceStrategy> subresourceStrategies, KeyValueStore store, WatchCache cache, Clock clock,
            AdmissionChain admission, StorageConversion conversion) {
        this.definition = definition;
        this.admission = admission;
        LastWrite lastWrite = new LastWrite();
        WriteContext ctx = new WriteContext(definition, strategy, Map.copyOf(subresourceStrategies), store, clock,
                admission, conversion, lastWrite);
        this.reads = new ResourceRegistry(definition, store, cache, conversion, lastWrite);
        this.creator = new ObjectCreator(ctx);
        this.updater = new ObjectUpdater(ctx, creator);
        this.deleter = new ObjectDeleter(ctx);
        this.applier = new ObjectApplier(ctx, updater);
    }

    public ResourceDefinition definition() {
        return definition;
    }

    public Optional<ObjectNode> find(String namespace, String name) {
        return reads.find(namespace, name);
    }

    /** See {@link ResourceRegistry#cachedOrStored}. */
    public Optional<ObjectNode> cachedOrStored(String namespace, String name) {
        return reads.cachedOrStored(namespace, name);
    }

    /** See {@link ResourceRegistry#cached}. */
    public List<ObjectNode> cached(String namespace) {
        return reads.cached(namespace);
    }

    public ObjectNode get(String namespace, String name) {
        return reads.get(namespace, name);
    }

    /** A GET with the request's resourceVersion ("" or null when it gave none); see {@link ResourceRegistry#get}. */
    public ObjectNode get(String namespace, String name, String resourceVersion) {
        return reads.get(namespace, name, resourceVersion);
    }

    public ListResult list(String namespace, ListOptions options) {
        return reads.list(namespace, options);
    }

    public CacheWatcher watch(String namespace, ListOptions options) {
        return reads.watch(namespace, options);
    }

    public ObjectNode create(String namespace, ObjectNode body, WriteOptions options) {
        return creator.create(namespace, body, options);
    }

    public WriteOutcome update(String namespace, String name, ObjectNode body, WriteOptions options) {
        return update(namespace, name, body, ObjectPart.MAIN, options);
    }

    /**
     * PUT to the object or to one of its subresources: {@code part} says what of {@code body} is kept (everything
     * but status, status, a namespace's spec.finalizers, a pod's ephemeral containers).
     */
    public WriteOutcome update(String namespace, String name, ObjectNode body, ObjectPart part,
            WriteOptions options) {
        return updater.update(namespace, name, body, part, options);
    }

    /**
     * Applies {@code change} to the current object and stores what {@code part} keeps of the result with optimistic
     * concurrency: a lost race reads the object again and applies {@code change} to it, so {@code change} must be
     * repeatable. A resourceVersion in the changed object other than the current one is a conflict. When the object
     * is missing, {@code createFrom} (if not null) is created instead.
     */
    public WriteOutcome modify(String namespace, String name, ObjectPart part, WriteOptions options,
            UnaryOperator<ObjectNode> change, ObjectNode createFrom) {
        return updater.guaranteedUpdate(namespace, name, part, options, change, createFrom);
    }

    /** Writes the object's scale: {@code change} may only touch spec.replicas; managedFields say "scale". */
    public WriteOutcome modifyScale(String namespace, String name, WriteOptions options,
            UnaryOperator<ObjectNode> change) {
        return updater.guaranteedUpdate(namespace, name, ObjectPart.SCALE, options, change, null);
    }

    /**
     * Binds a pod to a node: {@code change} sets spec.nodeName and the PodScheduled condition on the current pod
     * (or refuses), and the result is stored without going through the pod's update validation. The binding is
     * not recorded in managedFields, as Kubernetes writes it straight to storage.
     */
    public WriteOutcome bind(String namespace, String name, boolean dryRun, UnaryOperator<ObjectNode> change) {
        return updater.guaranteedUpdate(namespace, name, ObjectPart.BINDING,
                new WriteOptions(dryRun, null, null), change, null);
    }

    /**
     * Server-side apply of {@code config} by {@code options.fieldManager()}, to the object or to what {@code part}
     * covers; a missing object is created. {@code force} takes over fields other managers own instead of conflicting.
     */
    public WriteOutcome apply(String namespace, String name, ObjectPart part, WriteOptions options, ObjectNode config,
            boolean force) {
        return applier.apply(namespace, name, part, options, config, force);
    }

    /**
     * Admits a create of a subresource whose handler stores nothing itself, such as a pod's eviction (k/k apiserver
     * endpoints/handlers/create.go runs admission before the subresource's Create).
     */
    public void admitSubresourceCreate(String subresource, String namespace, String name, ObjectNode object,
            WriteOptions options) {
        AdmissionRequest request = new AdmissionRequest(Operation.CREATE, definition, subresource, namespace, name,
                object, null, options.dryRun(), options.user());
        admission.admit(request);
        admission.validate(request);
    }

    public DeleteResult delete(String namespace, String name, DeleteOptions options) {
        return deleter.delete(namespace, name, options);
    }

    /** Deletes every object the options select; answers what was deleted or marked. */
    public List<ObjectNode> deleteCollection(String namespace, ListOptions listOptions, DeleteOptions options) {
        List<ObjectNode> deleted = new ArrayList<>();
        for (ObjectNode o : reads.list(namespace, listOptions).items()) {
            try {
                deleted.add(deleter.delete(StoredObjects.namespace(o), StoredObjects.name(o), options).object());
            } catch (StatusException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        return deleted;
    }
}
