package skiff.apiserver.cache;

import tools.jackson.databind.node.ObjectNode;

/**
 * One change in the watch cache: the object after the change (for a deletion, its last state with the deletion's
 * resourceVersion) and the object before it (null on creation). Objects here are shared and must not be mutated.
 */
public record CacheEvent(Type type, String key, ObjectNode object, ObjectNode previous, long revision) {
    public enum Type { ADDED, MODIFIED, DELETED }
}
