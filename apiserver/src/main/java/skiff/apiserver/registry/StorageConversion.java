package skiff.apiserver.registry;

import tools.jackson.databind.node.ObjectNode;

/**
 * How a resource served over another version's storage converts its objects and field labels to and from the stored
 * form (k/k apiserver registry/generic/registry/store.go keeps one storage version; the codec converts on the way in
 * and out, and field selectors go through the group version's field label conversion).
 */
public interface StorageConversion {
    /** Objects stored as served. */
    StorageConversion NONE = new StorageConversion() {
        @Override
        public ObjectNode toServed(ObjectNode stored) {
            return stored;
        }

        @Override
        public ObjectNode toStored(ObjectNode served) {
            return served;
        }

        @Override
        public String storedFieldLabel(String label) {
            return label;
        }
    };

    /** The stored object as this resource serves it; {@code stored} is not changed. */
    ObjectNode toServed(ObjectNode stored);

    /** The served object as it is stored; {@code served} is not changed. */
    ObjectNode toStored(ObjectNode served);

    /** The stored object's field a field selector's label reads. */
    String storedFieldLabel(String label);

    /**
     * The object a field selector reads for {@code stored}: the stored object itself unless the served form differs
     * in more than field names; {@code stored} is not changed.
     */
    default ObjectNode selectable(ObjectNode stored) {
        return stored;
    }
}
