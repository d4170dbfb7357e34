package skiff.apiserver.registry;

import static skiff.api.validation.ObjectMetaValidation.FOREGROUND_FINALIZER;
import static skiff.api.validation.ObjectMetaValidation.ORPHAN_FINALIZER;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The garbage collector's finalizers a delete puts on an object: "orphan" to keep its dependents, "foregroundDeletion"
 * to delete them first, neither for background deletion (k/k staging/src/k8s.io/apiserver/pkg/registry/generic/
 * registry/store.go deletionFinalizersForGarbageCollection).
 */
final class DeletionFinalizers {
    private DeletionFinalizers() {}

    /** Sets the object's finalizers as the delete asks; answers whether they changed. */
    static boolean apply(ObjectNode object, DeleteOptions options, GarbageCollectionPolicy defaultPolicy) {
        List<String> current = finalizers(object);
        List<String> wanted = new ArrayList<>();
        for (String f : current) {
            if (!f.equals(ORPHAN_FINALIZER) && !f.equals(FOREGROUND_FINALIZER)) {
                wanted.add(f);
            }
        }
        if (orphans(current, options, defaultPolicy)) {
            wanted.add(ORPHAN_FINALIZER);
        }
        if (deletesInForeground(current, options)) {
            wanted.add(FOREGROUND_FINALIZER);
        }
        if (new HashSet<>(wanted).equals(new HashSet<>(current))) {
            return false;
        }
        ArrayNode array = StoredObjects.metadata(object).putArray("finalizers");
        wanted.forEach(array::add);
        return true;
    }

    // k/k store.go shouldOrphanDependents: the deprecated flag, then the policy, then a finalizer already there, then
    // the resource's default.
    private static boolean orphans(List<String> current, DeleteOptions options, GarbageCollectionPolicy defaultPolicy) {
        if (options.orphanDependents() != null) {
            return options.orphanDependents();
        }
        if (options.propagationPolicy() != null) {
            return options.propagationPolicy().equals("Orphan");
        }
        for (String f : current) {
            if (f.equals(ORPHAN_FINALIZER)) {
                return true;
            }
            if (f.equals(FOREGROUND_FINALIZER)) {
                return false;
            }
        }
        return defaultPolicy == GarbageCollectionPolicy.ORPHAN_DEPENDENTS;
    }

    // k/k store.go shouldDeleteDependents: the deprecated flag rules foreground out, then the policy, then a
    // finalizer already there; never by default.
    private static boolean deletesInForeground(List<String> current, DeleteOptions options) {
        if (options.orphanDependents() != null) {
            return false;
        }
        if (options.propagationPolicy() != null) {
            return options.propagationPolicy().equals("Foreground");
        }
        for (String f : current) {
            if (f.equals(FOREGROUND_FINALIZER)) {
                return true;
            }
            if (f.equals(ORPHAN_FINALIZER)) {
                return false;
            }
        }
        return false;
    }

    static List<String> finalizers(JsonNode object) {
        List<String> list = new ArrayList<>();
        object.path("metadata").path("finalizers").forEach(f -> list.add(f.asString("")));
        return list;
    }
}
