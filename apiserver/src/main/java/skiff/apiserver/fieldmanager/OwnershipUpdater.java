package skiff.apiserver.fieldmanager;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Moves field ownership for one write (structured-merge-diff merge/update.go Updater). An update takes every field
 * it changes from the other managers; an apply merges the configuration into the live object, prunes what its
 * manager applied before but no longer does, and either takes over the fields it changes from others (when forced)
 * or reports them as conflicts. Values given here carry no managedFields.
 */
final class OwnershipUpdater {
    private final SchemaType type;
    private final ResetFields reset;
    private final String apiVersion;

    OwnershipUpdater(SchemaType type, ResetFields reset, String apiVersion) {
        this.type = type;
        this.reset = reset;
        this.apiVersion = apiVersion;
    }

    /** What an apply leaves: the merged object, or the conflicts that stopped it. */
    sealed interface Outcome {
        record Merged(JsonNode object, boolean changed) implements Outcome {}

        record Conflicted(List<ApplyConflict> conflicts) implements Outcome {}
    }

    /**
     * Records an update from {@code before} to {@code after}: other managers lose the fields it changed or removed.
     * Answers the fields the update itself set, which the caller credits to its manager.
     */
    FieldSet update(JsonNode before, JsonNode after, ManagedFields managers) {
        Comparison changes = takeOver(before, after, managers, null, true).comparison();
        return reset.filter(changes.changed());
    }

    /** Applies {@code config} over {@code live} for {@code applier}; {@code managers} is changed only on success. */
    Outcome apply(JsonNode live, JsonNode config, ManagedFields managers, ManagerId applier, boolean force) {
        JsonNode merged = StructuredMerge.merge(live, config, type);
        VersionedSet last = managers.get(applier);
        ManagedFields next = managers.copy();
        next.put(applier, new VersionedSet(reset.filter(ValueFields.of(config, type)), apiVersion, true));
        JsonNode pruned = prune(merged, next, last);
        TakeOver result = takeOver(live, pruned, next, applier, force);
        if (!result.conflicts().isEmpty()) {
            return new Outcome.Conflicted(result.conflicts());
        }
        managers.replaceWith(next);
        return new Outcome.Merged(pruned, !FieldValues.equal(live, pruned));
    }

    private record TakeOver(Comparison comparison, List<ApplyConflict> conflicts) {}

    // structured-merge-diff merge/update.go update: a change to fields another manager owns is a conflict unless
    // forced, and then that manager loses them; fields removed are lost by every other manager.
    private TakeOver takeOver(JsonNode before, JsonNode after, ManagedFields managers, ManagerId writer,
            boolean force) {
        Comparison changes = reset.filter(Comparison.of(before, after, type));
        FieldSet changed = changes.changed();
        Map<ManagerId, FieldSet> taken = new LinkedHashMap<>();
        for (Map.Entry<ManagerId, VersionedSet> e : managers.sets().entrySet()) {
            if (!e.getKey().equals(writer)) {
                FieldSet owned = e.getValue().set().intersection(changed);
                if (!owned.isEmpty()) {
                    taken.put(e.getKey(), owned);
                }
            }
        }
        if (!force && !taken.isEmpty()) {
            return new TakeOver(changes, conflicts(taken));
        }
        for (Map.Entry<ManagerId, VersionedSet> e : new ArrayList<>(managers.sets().entrySet())) {
            if (e.getKey().equals(writer)) {
                continue;
            }
            FieldSet kept = e.getValue().set().difference(taken.getOrDefault(e.getKey(), new FieldSet()))
                    .difference(changes.removed());
            managers.put(e.getKey(), e.getValue().withSet(kept));
        }
        managers.dropEmpty();
        return new TakeOver(changes, List.of());
    }

    private static List<ApplyConflict> conflicts(Map<ManagerId, FieldSet> taken) {
        List<ManagerId> owners = new ArrayList<>(taken.keySet());
        owners.sort(Comparator.comparing(ManagerId::identifier));
        List<ApplyConflict> out = new ArrayList<>();
        for (ManagerId owner : owners) {
            taken.get(owner).paths().forEach(p -> out.add(new ApplyConflict(owner, p)));
        }
        return out;
    }

    // structured-merge-diff merge/update.go prune: a field, list item or map entry goes when the applier applied it
    // last time, does not apply it now, and no other manager owns it; what its removal would take along but others
    // own, or nobody applied, comes back.
    private JsonNode prune(JsonNode merged, ManagedFields managers, VersionedSet last) {
        if (last == null || last.set().isEmpty() || merged == null) {
            return merged;
        }
        FieldSet lastApplied = NamedFields.ensureMembers(last.set(), type);
        JsonNode pruned = ItemRemover.remove(merged, lastApplied, type);
        FieldSet managed = new FieldSet();
        for (VersionedSet vs : managers.sets().values()) {
            managed = managed.union(vs.set());
        }
        FieldSet mergedSet = namedFieldsOf(merged);
        FieldSet owned = namedFieldsOf(pruned).union(NamedFields.ensureMembers(managed, type));
        pruned = ItemRemover.remove(merged, mergedSet.difference(owned), type);
        FieldSet dangling = mergedSet.difference(namedFieldsOf(pruned)).intersection(lastApplied);
        return ItemRemover.remove(merged, dangling, type);
    }

    private FieldSet namedFieldsOf(JsonNode value) {
        return NamedFields.ensureMembers(ValueFields.of(value, type), type);
    }
}
