package skiff.apiserver.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import skiff.apiserver.fieldmanager.ApplyConflict;
import skiff.apiserver.fieldmanager.ApplyResult;
import skiff.apiserver.fieldmanager.FieldManager;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side apply (k/k apiserver endpoints/handlers/patch.go applyPatcher): the configuration is applied to the
 * current object inside the update loop, so a concurrent write makes it apply again; a missing object is created
 * from the configuration alone. Conflicts answer 409 with one cause per field.
 */
final class ObjectApplier {
    private final WriteContext ctx;
    private final ObjectUpdater updater;

    ObjectApplier(WriteContext ctx, ObjectUpdater updater) {
        this.ctx = ctx;
        this.updater = updater;
    }

    WriteOutcome apply(String namespace, String name, ObjectPart part, WriteOptions options,
            ObjectNode config, boolean force) {
        FieldManager fields = ctx.fieldManager();
        String manager = options.fieldManager();
        ObjectNode createFrom = part == ObjectPart.MAIN
                ? outcome(fields.apply(null, config, manager, "", force))
                : null;
        return updater.guaranteedUpdate(namespace, name, part, options,
                current -> outcome(fields.apply(current, config, manager, part.subresource(), force)), createFrom,
                FieldTracking.APPLIED);
    }

    private static ObjectNode outcome(ApplyResult result) {
        return switch (result) {
            case ApplyResult.Applied a -> a.object();
            case ApplyResult.Conflicts c -> throw conflict(c.conflicts());
            case ApplyResult.BadRequest b -> throw StatusException.badRequest(b.message());
            case ApplyResult.Failed f -> throw StatusException.internal(f.message());
        };
    }

    // k/k apimachinery util/managedfields/internal/conflict.go NewConflictError: one cause per conflicting field;
    // the message names the one conflict, or lists the fields under each manager in the managers' order.
    static StatusException conflict(List<ApplyConflict> conflicts) {
        List<StatusException.Cause> causes = new ArrayList<>();
        for (ApplyConflict c : conflicts) {
            causes.add(new StatusException.Cause("FieldManagerConflict", c.message(), c.field().toString()));
        }
        if (conflicts.size() == 1) {
            ApplyConflict only = conflicts.getFirst();
            return StatusException.applyConflict("Apply failed with 1 conflict: " + only.message() + ": "
                    + only.field(), causes);
        }
        Map<String, List<ApplyConflict>> byManager = new TreeMap<>();
        conflicts.forEach(c -> byManager.computeIfAbsent(c.owner().identifier(), k -> new ArrayList<>()).add(c));
        List<String> lines = new ArrayList<>();
        byManager.values().forEach(list -> {
            lines.add("conflicts with " + list.getFirst().owner().describe() + ":");
            list.forEach(c -> lines.add("- " + c.field()));
        });
        return StatusException.applyConflict("Apply failed with " + conflicts.size() + " conflicts: "
                + String.join("\n", lines), causes);
    }
}
