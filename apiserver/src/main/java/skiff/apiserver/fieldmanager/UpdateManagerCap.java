package skiff.apiserver.fieldmanager;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps at most ten update entries (k/k apimachinery util/managedfields/internal/capmanagers.go): past that, the
 * oldest updaters are folded, per API version, into one "ancient-changes" entry. Appliers are never folded.
 */
final class UpdateManagerCap {
    static final int MAX_UPDATE_MANAGERS = 10;
    static final String BUCKET = "ancient-changes";

    private UpdateManagerCap() {}

    static void apply(ManagedFields managed) {
        List<ManagerId> updaters = new ArrayList<>();
        managed.sets().forEach((id, vs) -> {
            if (!vs.applied()) {
                updaters.add(id);
            }
        });
        if (updaters.size() <= MAX_UPDATE_MANAGERS) {
            return;
        }
        updaters.sort(Comparator.comparingLong((ManagerId id) -> ManagedFields.epochSeconds(managed.time(id)))
                .thenComparing(ManagerId::identifier));
        Map<String, ManagerId> firstOfVersion = new HashMap<>();
        int count = updaters.size();
        for (int i = 0; i < updaters.size() && count > MAX_UPDATE_MANAGERS; i++) {
            ManagerId id = updaters.get(i);
            VersionedSet vs = managed.get(id);
            String time = managed.time(id);
            ManagerId bucket = ManagerId.updater(BUCKET, vs.apiVersion(), "");
            ManagerId first = firstOfVersion.putIfAbsent(vs.apiVersion(), id);
            if (first == null) {
                continue;
            }
            if (managed.get(bucket) == null) {
                VersionedSet firstSet = managed.get(first);
                managed.remove(first);
                managed.put(bucket, firstSet);
            }
            managed.put(bucket, vs.withSet(vs.set().union(managed.get(bucket).set())));
            managed.remove(id);
            managed.setTime(bucket, time);
            count--;
        }
    }
}
