package skiff.apiserver.cache;

import java.util.List;

/** The objects under a prefix as they were at {@code revision}, in key order. */
public record CacheSnapshot(List<CachedObject> objects, long revision) {}
