package skiff.apiserver.registry.core;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.apiserver.registry.DeleteOptions;
import skiff.apiserver.registry.DeleteResult;
import skiff.apiserver.registry.ListOptions;
import skiff.apiserver.registry.Registries;
import skiff.apiserver.registry.ResourceStorage;
import skiff.apiserver.registry.StoredObjects;
import skiff.apiserver.registry.WriteOptions;
import skiff.apiserver.status.StatusException;
import skiff.store.StoreException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Namespace deletion: the namespace turns Terminating at once, refuses new content, and is removed once
 * everything in it is gone (k/k pkg/registry/core/namespace/storage/storage.go Delete, and the namespace
 * controller's content deletion in pkg/controller/namespace/deletion). The system namespaces may not be deleted.
 */
public final class NamespaceDeleter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceDeleter.class);
    private static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");
    private static final Duration RETRY = Duration.ofMillis(200);

    private final Registries registries;
    private final Clock clock;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    public NamespaceDeleter(Registries registries, Clock clock) {
        this.registries = registries;
        this.clock = clock;
    }

    public DeleteResult delete(String name, DeleteOptions options) {
        ResourceStorage namespaces = registries.namespaces();
        if (IMMORTAL.contains(name)) {
            namespaces.get(null, name);
            throw StatusException.forbidden(namespaces.definition(), name, "this namespace may not be deleted");
        }
        DeleteResult result = namespaces.delete(null, name, options);
        if (!options.dryRun() && result instanceof DeleteResult.MarkedForDeletion) {
            workers.submit(() -> finish(name));
        }
        return result;
    }

    /** Finishes deletions that a previous run of the server had started. */
    public void resumePending() {
        for (ObjectNode ns : registries.namespaces().list(null, ListOptions.everything()).items()) {
            if (ns.path("metadata").hasNonNull("deletionTimestamp")) {
                String name = StoredObjects.name(ns);
                workers.submit(() -> finish(name));
            }
        }
    }

    private void finish(String namespace) {
        try {
            while (!emptied(namespace)) {
                clock.sleep(RETRY);
            }
            // Emptying spec.finalizers of a namespace being deleted removes it (see ObjectUpdater).
            registries.namespaces().modify(null, namespace, false, WriteOptions.DEFAULT, ns -> {
                ns.withObject("spec").set("finalizers", ns.arrayNode());
                return ns;
            }, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (StatusException | StoreException e) {
            LOG.warn("namespace={} deletion did not finish: {}", namespace, e.getMessage());
        }
    }

    /** Deletes what is left in the namespace; true once nothing is. */
    private boolean emptied(String namespace) {
        boolean empty = true;
        for (ResourceStorage storage : registries.all()) {
            if (!storage.definition().namespaced()) {
                continue;
            }
            List<ObjectNode> left = storage.list(namespace, ListOptions.everything()).items();
            if (!left.isEmpty()) {
                empty = false;
                storage.deleteCollection(namespace, ListOptions.everything(), DeleteOptions.BACKGROUND);
            }
        }
        return empty;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

}
