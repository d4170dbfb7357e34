package skiff.controllers.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import skiff.client.workqueue.RateLimitingQueue;

/**
 * The handler of a controller's primary kind: every add, update and delete queues the object's own
 * {@code namespace/name} key (client-go's {@code cache.MetaNamespaceKeyFunc} in each controller's add/update/delete).
 */
public record EnqueueOwnKey<T extends HasMetadata>(RateLimitingQueue<String> queue) implements ResourceEventHandler<T> {
    @Override
    public void onAdd(T object) {
        queue.add(Cache.metaNamespaceKeyFunc(object));
    }

    @Override
    public void onUpdate(T old, T object) {
        queue.add(Cache.metaNamespaceKeyFunc(object));
    }

    @Override
    public void onDelete(T object, boolean finalStateUnknown) {
        queue.add(Cache.metaNamespaceKeyFunc(object));
    }
}
