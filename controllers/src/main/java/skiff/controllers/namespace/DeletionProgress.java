package skiff.controllers.namespace;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How far emptying a namespace got in one pass.
 *
 * @param discoveryError why the served resources could not be listed, or null
 * @param deleteErrors one line per resource whose content could not be deleted
 * @param remaining objects still present, by resource ("pods" → 2)
 * @param finalizers finalizers on the objects still present, by finalizer → how many objects carry it
 */
record DeletionProgress(String discoveryError, List<String> deleteErrors, SortedMap<String, Integer> remaining,
        SortedMap<String, Integer> finalizers) {

    DeletionProgress {
        deleteErrors = List.copyOf(deleteErrors);
        remaining = new TreeMap<>(remaining);
        finalizers = new TreeMap<>(finalizers);
    }

    static DeletionProgress discoveryFailed(String error) {
        return new DeletionProgress(error, List.of(), new TreeMap<>(), new TreeMap<>());
    }

    static DeletionProgress of(List<String> deleteErrors, Map<String, Integer> remaining,
            Map<String, Integer> finalizers) {
        return new DeletionProgress(null, deleteErrors, new TreeMap<>(remaining), new TreeMap<>(finalizers));
    }

    /** Nothing is left and nothing failed: the namespace may be finalized. */
    boolean empty() {
        return discoveryError == null && deleteErrors.isEmpty() && remaining.isEmpty();
    }
}
