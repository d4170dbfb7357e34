package skiff.apiserver.cache;

import tools.jackson.databind.node.ObjectNode;

/** An object as the cache holds it; {@code object} is shared and must not be mutated. */
public record CachedObject(String key, ObjectNode object, long revision) {}
