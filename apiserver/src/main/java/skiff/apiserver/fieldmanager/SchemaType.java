package skiff.apiserver.fieldmanager;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * What the structured merge needs to know about the type at one place in an object (structured-merge-diff
 * schema/elements.go): whether a value is a leaf, a struct with named fields, a map of entries, or a list that is
 * atomic, a set, or keyed by some of its items' fields. Atomic structs and maps are leaves too: they are owned,
 * compared and replaced whole.
 */
sealed interface SchemaType {

    /** A scalar, or any value that is owned whole ({@code __untyped_atomic_}). */
    enum Leaf implements SchemaType { INSTANCE }

    /**
     * A value without a declared type ({@code __untyped_deduced_}): its shape decides. Objects are maps of
     * untyped entries, lists are atomic, anything else is a scalar. Fields a struct's schema does not declare
     * resolve here too.
     */
    enum Deduced implements SchemaType { INSTANCE }

    /**
     * A struct: fields are named, and only those the schema declares count as named fields. Field types resolve on
     * first use, so that types may refer to each other.
     */
    final class Struct implements SchemaType {
        private final Map<String, JsonNode> fieldRefs;
        private final boolean atomic;
        private final Function<JsonNode, SchemaType> resolver;
        private final Map<String, SchemaType> resolved = new ConcurrentHashMap<>();

        Struct(Map<String, JsonNode> fieldRefs, boolean atomic, Function<JsonNode, SchemaType> resolver) {
            this.fieldRefs = fieldRefs;
            this.atomic = atomic;
            this.resolver = resolver;
        }

        boolean atomic() {
            return atomic;
        }

        /** The same fields, owned whole or field by field (a reference's {@code x-kubernetes-map-type}). */
        Struct withAtomic(boolean owned) {
            return new Struct(fieldRefs, owned, resolver);
        }

        boolean declares(String field) {
            return fieldRefs.containsKey(field);
        }

        SchemaType field(String name) {
            JsonNode ref = fieldRefs.get(name);
            if (ref == null) {
                return Deduced.INSTANCE;
            }
            SchemaType type = resolved.get(name);
            if (type == null) {
                type = resolver.apply(ref);
                resolved.put(name, type);
            }
            return type;
        }
    }

    /** A map of entries of one type ({@code labels}, {@code data}); entries are not named fields. */
    record MapOf(SchemaType values, boolean atomic) implements SchemaType {}

    /** How a list's items relate (docs reference/using-api/server-side-apply "Merge strategy"). */
    enum ListKind {
        /** Replaced whole; the default for lists. */
        ATOMIC,
        /** {@code x-kubernetes-list-type: set}: scalar items, each owned on its own. */
        SET,
        /** {@code x-kubernetes-list-type: map}: object items identified by their key fields. */
        MAP
    }

    /**
     * A list. For {@link ListKind#MAP} lists, {@code keys} name the identifying fields and {@code keyDefaults} the
     * value a key takes when an item leaves it out.
     */
    record ListOf(ListKind kind, List<String> keys, Map<String, JsonNode> keyDefaults, SchemaType items)
            implements SchemaType {}

    /** The type of the value of {@code field} inside a value of this type. */
    default SchemaType child(String field) {
        return switch (this) {
            case Struct s -> s.field(field);
            case MapOf m -> m.values();
            case Deduced d -> Deduced.INSTANCE;
            default -> Deduced.INSTANCE;
        };
    }

    /** Whether values of this type that are objects are owned, compared and merged whole. */
    default boolean atomicObject() {
        return switch (this) {
            case Leaf l -> true;
            case Struct s -> s.atomic();
            case MapOf m -> m.atomic();
            default -> false;
        };
    }

    /** The list semantics for values of this type that are arrays; anything but a declared list is atomic. */
    default ListOf list() {
        return this instanceof ListOf l ? l : ATOMIC_LIST;
    }

    ListOf ATOMIC_LIST = new ListOf(ListKind.ATOMIC, List.of(), Map.of(), Leaf.INSTANCE);
}
