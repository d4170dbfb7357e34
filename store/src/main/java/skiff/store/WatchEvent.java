package skiff.store;

/**
 * One change seen by a watch. For {@link Type#PUT} {@code kv} is the new value and {@code prevKv} the one it
 * replaced (null on create); for {@link Type#DELETE} {@code kv} is the value that was deleted. {@code revision} is
 * the revision of the write.
 */
public record WatchEvent(Type type, KeyValue kv, KeyValue prevKv, long revision) {

    public enum Type { PUT, DELETE }

    public boolean isCreate() {
        return type == Type.PUT && prevKv == null;
    }
}
