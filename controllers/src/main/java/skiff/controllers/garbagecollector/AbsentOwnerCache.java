package skiff.controllers.garbagecollector;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Owner uids recently found not to exist, so that the many dependents of one deleted owner need one GET, not one
 * each (k/k pkg/controller/garbagecollector/uid_cache.go ReferenceCache, 500 entries in garbagecollector.go). A uid
 * is never reused, so an entry never goes stale.
 */
final class AbsentOwnerCache {
    static final int SIZE = 500;

    private final Map<String, Boolean> uids = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SIZE;
        }
    };

    synchronized void add(String uid) {
        uids.put(uid, Boolean.TRUE);
    }

    synchronized boolean contains(String uid) {
        return uids.containsKey(uid);
    }
}
