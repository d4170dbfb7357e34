package skiff.apiserver.resource;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.store.KeyValue;
import skiff.store.KeyValueStore;
import skiff.store.WriteResult;

/**
 * Moves objects that Skiff before kube-apiserver's key layout stored under their group
 * ("/registry/batch/jobs/NS/NAME") or under their resource name ("/registry/services/NS/NAME") to the keys of
 * {@link StorageKeys}, so that a data directory or an etcd written by an older Skiff keeps its objects. Each object
 * is created at its new key and then deleted from the old one, so it gets a new resourceVersion; running it again,
 * or on two servers at once, moves nothing twice.
 */
public final class KeyLayoutUpgrade {
    private static final Logger LOG = LoggerFactory.getLogger(KeyLayoutUpgrade.class);
    private static final int PAGE = 500;

    private final KeyValueStore store;

    public KeyLayoutUpgrade(KeyValueStore store) {
        this.store = store;
    }

    /** Moves the objects of every resource in {@code catalog} whose key prefix changed; returns how many moved. */
    public int run(ResourceCatalog catalog) {
        Map<String, ResourceDefinition> moved = new LinkedHashMap<>();
        for (ResourceDefinition def : catalog.all()) {
            if (!def.createOnly() && !def.readOnly() && !def.isCustom()) {
                String previous = previousPrefix(def);
                if (!previous.equals(def.keyPrefix())) {
                    moved.putIfAbsent(previous, def);
                }
            }
        }
        int count = 0;
        for (Map.Entry<String, ResourceDefinition> entry : moved.entrySet()) {
            count += move(entry.getKey(), entry.getValue());
        }
        if (count > 0) {
            LOG.info("moved {} objects to kube-apiserver's keys", count);
        }
        return count;
    }

    /** Skiff's keys before: the resource alone for the core and apps groups, else the group and the resource. */
    static String previousPrefix(ResourceDefinition def) {
        String group = def.group();
        return StorageKeys.ROOT + (group.isEmpty() || group.equals("apps") ? "" : group + "/") + def.resource() + "/";
    }

    private int move(String previousPrefix, ResourceDefinition def) {
        // An old key has exactly the namespace and the name (or the name) below its prefix: under
        // "/registry/services/" that tells an old Service from the new "/registry/services/specs/NS/NAME".
        int segments = def.namespaced() ? 2 : 1;
        int count = 0;
        String after = null;
        while (true) {
            var page = store.range(previousPrefix, after, PAGE, 0);
            for (KeyValue kv : page.items()) {
                String rest = kv.key().substring(previousPrefix.length());
                if (rest.split("/", -1).length == segments && moveOne(kv, def.keyPrefix() + rest)) {
                    count++;
                }
            }
            if (!page.more() || page.items().isEmpty()) {
                return count;
            }
            after = page.items().getLast().key();
        }
    }

    private boolean moveOne(KeyValue old, String newKey) {
        store.create(newKey, old.value());
        return store.delete(old.key(), old.modRevision()) instanceof WriteResult.Committed;
    }
}
