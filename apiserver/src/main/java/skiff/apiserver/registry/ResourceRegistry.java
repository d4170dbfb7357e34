package skiff.apiserver.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import skiff.apiserver.cache.CacheSnapshot;
import skiff.apiserver.cache.CacheTimeoutException;
import skiff.apiserver.cache.CacheWatcher;
import skiff.apiserver.cache.CachedObject;
import skiff.apiserver.cache.WatchCache;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import skiff.store.CompactedException;
import skiff.store.KeyValue;
import skiff.store.KeyValueStore;
import skiff.store.RangeResult;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads of one resource: get from the store, list and watch from the watch cache, exact-revision and
 * continued lists from the store at the snapshot's revision (k/k apiserver registry/generic/registry/store.go and
 * storage/cacher/cacher.go decide the same way).
 */
public final class ResourceRegistry {
    private static final Duration FRESHNESS_WAIT = Duration.ofSeconds(3);
    private static final int STORE_PAGE = 500;

    private final ResourceDefinition definition;
    private final KeyValueStore store;
    private final WatchCache cache;
    private final StorageConversion conversion;
    private final LastWrite lastWrite;

    public ResourceRegistry(ResourceDefinition definition, KeyValueStore store, WatchCache cache,
            StorageConversion conversion) {
        this(definition, store, cache, conversion, new LastWrite());
    }

    ResourceRegistry(ResourceDefinition definition, KeyValueStore store, WatchCache cache,
            StorageConversion conversion, LastWrite lastWrite) {
        this.definition = definition;
        this.store = store;
        this.cache = cache;
        this.conversion = conversion;
        this.lastWrite = lastWrite;
    }

    public ResourceDefinition definition() {
        return definition;
    }

    /** The object as stored now (a quorum read, as Kubernetes serves GET without resourceVersion). */
    public Optional<ObjectNode> find(String namespace, String name) {
        return store.get(definition.key(namespace, name)).map(kv -> conversion.toServed(StoredObjects.decode(kv)));
    }

    /**
     * For admission: the object as the watch cache holds it, else as stored (one written an instant ago that the
     * cache has not seen yet), as k/k's admission plugins read their informers' listers and look up live only what
     * the lister lacks (serviceaccount/admission.go getServiceAccount, namespace/lifecycle/admission.go, 1.32). The
     * cached object is shared: never changed.
     */
    public Optional<ObjectNode> cachedOrStored(String namespace, String name) {
        Optional<ObjectNode> cached = cache.get(definition.key(namespace, name)).map(o -> conversion.toServed(o.object()));
        return cached.isPresent() ? cached : find(namespace, name);
    }

    /**
     * For admission: the objects as the watch cache holds them, as k/k's plugins list their informers' listers,
     * once the cache has every write to this resource this server acknowledged (rarely a wait: it does not wait for
     * the store's revision, which writes to every other resource move too). The objects are shared: never changed.
     */
    public List<ObjectNode> cached(String namespace) {
        if (!cacheReaches(lastWrite.revision())) {
            return list(namespace, ListOptions.everything()).items();
        }
        List<ObjectNode> items = new ArrayList<>();
        for (CachedObject o : cache.list(definition.keyPrefix(namespace), null).objects()) {
            items.add(conversion.toServed(o.object()));
        }
        return items;
    }

    public ObjectNode get(String namespace, String name) {
        return find(namespace, name).orElseThrow(() -> StatusException.notFound(definition, name));
    }

    /**
     * The object for a GET that names a resourceVersion: any but "0" asks for a state not older than it, which the
     * cache is waited for, briefly, as for a list.
     */
    // k/k apiserver storage/cacher/cacher.go Get (1.32): a NotOlderThan read waits for the cache, then is refused as
    // too large.
    public ObjectNode get(String namespace, String name, String resourceVersion) {
        if (resourceVersion != null && !resourceVersion.isEmpty() && !resourceVersion.equals("0")) {
            awaitCache(parseResourceVersion(resourceVersion));
        }
        return get(namespace, name);
    }

    public ListResult list(String namespace, ListOptions options) {
        Predicate<ObjectNode> filter = options.filter(conversion);
        String prefix = definition.keyPrefix(namespace);
        if (options.continueToken() != null && !options.continueToken().isEmpty()) {
            ContinueToken token = ContinueToken.decode(options.continueToken());
            if (!token.startAfter().startsWith(prefix)) {
                throw StatusException.badRequest("invalid continue token: continue key is not valid: the key does not "
                        + "belong to this request");
            }
            if (token.revision() > store.currentRevision()) {
                // A revision this server never had: no token it issued holds one.
                throw StatusException.badRequest("invalid continue token: " + ContinueToken.INVALID_START_RV);
            }
            return listFromStore(prefix, token.startAfter(), token.revision(), options.limit(), filter);
        }
        String rv = options.resourceVersion();
        if ("Exact".equals(options.resourceVersionMatch())) {
            // k/k apiserver storage/cacher (1.32): a revision not reached yet is waited for, briefly, as for
            // NotOlderThan, then refused as too large.
            long exact = parseResourceVersion(rv);
            awaitCache(exact);
            return listFromStore(prefix, null, exact, options.limit(), filter);
        }
        if (rv == null || rv.isEmpty()) {
            // k/k apiserver storage/cacher/cacher.go GetList (1.32): a consistent list waits for the cache to reach
            // the store's current revision; when it does not in time, the list is read from storage instead.
            long current = store.currentRevision();
            if (!cacheReaches(current)) {
                return listFromStore(prefix, null, current, options.limit(), filter);
            }
            return listFromCache(prefix, options, filter);
        }
        awaitCache(parseResourceVersion(rv));
        return listFromCache(prefix, options, filter);
    }

    private ListResult listFromCache(String prefix, ListOptions options, Predicate<ObjectNode> filter) {
        CacheSnapshot snapshot = cache.list(prefix, null);
        List<ObjectNode> items = new ArrayList<>();
        String lastKey = null;
        boolean more = false;
        for (CachedObject o : snapshot.objects()) {
            if (!filter.test(o.object())) {
                continue;
            }
            if (options.limit() > 0 && items.size() == options.limit()) {
                more = true;
                break;
            }
            items.add(conversion.toServed(o.object()));
            lastKey = o.key();
        }
        String token = more ? new ContinueToken(snapshot.revision(), lastKey).encode() : null;
        return new ListResult(items, snapshot.revision(), token, null);
    }

    private ListResult listFromStore(String prefix, String startAfter, long revision, long limit,
            Predicate<ObjectNode> filter) {
        List<ObjectNode> items = new ArrayList<>();
        String cursor = startAfter;
        try {
            while (true) {
                RangeResult page = store.range(prefix, cursor, STORE_PAGE, revision);
                for (KeyValue kv : page.items()) {
                    ObjectNode o = StoredObjects.decode(kv);
                    if (!filter.test(o)) {
                        cursor = kv.key();
                        continue;
                    }
                    if (limit > 0 && items.size() == limit) {
                        return new ListResult(items, revision, new ContinueToken(revision, cursor).encode(), null);
                    }
                    items.add(conversion.toServed(o));
                    cursor = kv.key();
                }
                if (!page.more()) {
                    return new ListResult(items, revision, null, null);
                }
            }
        } catch (CompactedException e) {
            throw StatusException.expired("The provided continue parameter is too old to display a consistent list "
                    + "result. You can start a new list without the continue parameter.");
        }
    }

    /** Starts a watch; see {@link WatchCache#watch} for the meaning of the revision. */
    public CacheWatcher watch(String namespace, ListOptions options) {
        String rv = options.resourceVersion();
        long after = rv == null || rv.isEmpty() ? 0 : parseResourceVersion(rv);
        awaitCache(after);
        try {
            return cache.watch(definition.keyPrefix(namespace), after, options.filter(conversion),
                    conversion::toServed, 1000);
        } catch (CompactedException e) {
            throw StatusException.expired("too old resource version: " + after + " (" + e.compactRevision() + ")");
        }
    }

    private boolean cacheReaches(long revision) {
        try {
            cache.waitFor(revision, FRESHNESS_WAIT);
            return true;
        } catch (CacheTimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StatusException.internal("interrupted");
        }
    }

    private void awaitCache(long revision) {
        try {
            cache.waitFor(revision, FRESHNESS_WAIT);
        } catch (CacheTimeoutException e) {
            throw StatusException.tooLargeResourceVersion(e.wanted(), e.have());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StatusException.internal("interrupted");
        }
    }

    static long parseResourceVersion(String rv) {
        try {
            long value = Long.parseLong(rv);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw StatusException.badRequest("Invalid value: \"" + rv + "\": strconv.ParseUint: parsing \"" + rv
                    + "\": invalid syntax");
        }
    }
}
