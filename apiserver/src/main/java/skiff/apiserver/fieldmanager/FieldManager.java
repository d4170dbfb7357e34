package skiff.apiserver.fieldmanager;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import skiff.api.time.Clock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maintains {@code metadata.managedFields} for one kind (k/k apimachinery util/managedfields/internal
 * fieldmanager.go and the managers it wraps; docs reference/using-api/server-side-apply). Every create, update and
 * patch credits the fields it changed to its manager and takes them from the others; a server-side apply merges
 * its configuration, owns exactly the fields in it, drops what it stopped applying, and conflicts on fields others
 * own unless forced.
 */
public final class FieldManager {
    private static final String UNKNOWN_MANAGER = "unknown";
    // k/k apimachinery util/managedfields/internal/stripmeta.go: identity and bookkeeping fields nobody owns.
    private static final FieldSet UNOWNED = FieldSet.of(FieldPath.fields("apiVersion"), FieldPath.fields("kind"),
            FieldPath.fields("metadata"), FieldPath.fields("metadata", "name"),
            FieldPath.fields("metadata", "namespace"), FieldPath.fields("metadata", "creationTimestamp"),
            FieldPath.fields("metadata", "selfLink"), FieldPath.fields("metadata", "uid"),
            FieldPath.fields("metadata", "clusterName"), FieldPath.fields("metadata", "generation"),
            FieldPath.fields("metadata", "managedFields"), FieldPath.fields("metadata", "resourceVersion"));

    private final String apiVersion;
    private final String kind;
    private final boolean statusIsSubresource;
    private final SchemaType type;
    private final Clock clock;

    private FieldManager(String apiVersion, String kind, boolean statusIsSubresource, SchemaType type, Clock clock) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.statusIsSubresource = statusIsSubresource;
        this.type = type;
        this.clock = clock;
    }

    /** For a custom resource, with the merge types of its CRD version's openAPIV3Schema. */
    public static FieldManager forCustomResource(String apiVersion, String kind, boolean statusIsSubresource,
            JsonNode openApiV3Schema, Clock clock) {
        return new FieldManager(apiVersion, kind, statusIsSubresource,
                MergeSchema.builtin().customResource(openApiV3Schema), clock);
    }

    public static FieldManager forKind(String apiVersion, String kind, boolean statusIsSubresource, Clock clock) {
        return new FieldManager(apiVersion, kind, statusIsSubresource, MergeSchema.builtin().root(apiVersion, kind),
                clock);
    }

    /**
     * Records a create ({@code live} null), update or non-apply patch by {@code manager} through {@code subresource}
     * ("" for the main resource). Answers {@code updated} with its new managedFields. The request's own
     * managedFields are kept when they are valid, an empty list or one empty entry clears them, and subresource
     * writes never set them (k/k fieldmanager.go decodeLiveOrNew).
     */
    public ObjectNode update(ObjectNode live, ObjectNode updated, String manager, String subresource) {
        JsonNode requested = updated.path("metadata").get("managedFields");
        ObjectNode before = live == null ? ZeroObjects.of(apiVersion, kind) : withoutManagedFields(live);
        ManagedFields managed = startingPoint(live, requested, !subresource.isEmpty());
        ObjectNode after = withoutManagedFields(updated);
        ManagerId id = ManagerId.updater(manager.isEmpty() ? UNKNOWN_MANAGER : manager, apiVersion, subresource);
        FieldSet set;
        try {
            set = updater(subresource).update(before, after, managed).difference(UNOWNED);
        } catch (IllegalArgumentException e) {
            // k/k fieldmanager.go UpdateNoErrors: a value the merge cannot read keeps the stored managedFields.
            return setManagedFields(after, live == null ? null : live.path("metadata").get("managedFields"));
        }
        if (!set.isEmpty()) {
            VersionedSet previous = managed.get(id);
            managed.put(id, new VersionedSet(previous == null ? set : set.union(previous.set()), apiVersion, false));
            managed.setTime(id, now());
        }
        UpdateManagerCap.apply(managed);
        return setManagedFields(after, managed.encode());
    }

    /**
     * Applies {@code config} for {@code manager} to {@code live} (null when the object does not exist yet).
     */
    public ApplyResult apply(ObjectNode live, ObjectNode config, String manager, String subresource, boolean force) {
        String configVersion = config.path("apiVersion").asString("");
        String configKind = config.path("kind").asString("");
        if (!configVersion.equals(apiVersion) || !configKind.equals(kind)) {
            return new ApplyResult.BadRequest("invalid object type: " + groupVersionKind(configVersion, configKind));
        }
        JsonNode requested = config.path("metadata").get("managedFields");
        if (requested != null && !requested.isNull()) {
            return new ApplyResult.BadRequest("metadata.managedFields must be nil");
        }
        ManagedFields managed;
        try {
            managed = live == null ? ManagedFields.empty()
                    : ManagedFields.decode(live.path("metadata").get("managedFields"));
        } catch (IllegalArgumentException e) {
            return new ApplyResult.Failed("failed to decode managed fields: " + e.getMessage());
        }
        ObjectNode before = live == null ? ZeroObjects.of(apiVersion, kind) : withoutManagedFields(live);
        ManagerId id = ManagerId.applier(manager, subresource);
        OwnershipUpdater updater = updater(subresource);
        OwnershipUpdater.Outcome outcome;
        try {
            AppliedConfiguration.requireUniqueItems(config, type);
            outcome = updater.apply(before, config, managed, id, force);
            if (outcome instanceof OwnershipUpdater.Outcome.Conflicted c && manager.equals(LastAppliedConfiguration.KUBECTL)) {
                outcome = forgiveClientSideApply(before, config, managed, id, c, updater);
            }
        } catch (IllegalArgumentException e) {
            return new ApplyResult.BadRequest(e.getMessage());
        }
        return switch (outcome) {
            case OwnershipUpdater.Outcome.Conflicted c -> new ApplyResult.Conflicts(c.conflicts());
            case OwnershipUpdater.Outcome.Merged m -> new ApplyResult.Applied(finish(live, before, config, managed, id, m));
        };
    }

    // k/k lastappliedmanager.go: kubectl taking over from its own client-side apply does not conflict on fields
    // whose value still matches the last-applied-configuration annotation.
    private OwnershipUpdater.Outcome forgiveClientSideApply(ObjectNode live, ObjectNode config, ManagedFields managed,
            ManagerId id, OwnershipUpdater.Outcome.Conflicted conflicted, OwnershipUpdater updater) {
        FieldSet allowed = LastAppliedConfiguration.allowedConflicts(live, type, apiVersion);
        if (allowed == null) {
            return conflicted;
        }
        List<ApplyConflict> remaining = new ArrayList<>();
        for (ApplyConflict c : conflicted.conflicts()) {
            if (!allowed.has(c.field())) {
                remaining.add(c);
            }
        }
        if (!remaining.isEmpty()) {
            return new OwnershipUpdater.Outcome.Conflicted(remaining);
        }
        return updater.apply(live, config, managed, id, true);
    }

    private ObjectNode finish(ObjectNode live, ObjectNode before, ObjectNode config, ManagedFields managed,
            ManagerId id, OwnershipUpdater.Outcome.Merged merged) {
        VersionedSet own = managed.get(id);
        if (own != null) {
            managed.put(id, own.withSet(own.set().difference(UNOWNED)));
            managed.dropEmpty();
        }
        ObjectNode result;
        if (merged.changed() && merged.object() instanceof ObjectNode o) {
            result = NullFields.strip(o);
            managed.setTime(id, now());
        } else {
            result = before.deepCopy();
        }
        if (!config.path("metadata").has("resourceVersion") && result.get("metadata") instanceof ObjectNode meta) {
            meta.remove("resourceVersion");
        }
        if (id.manager().equals(LastAppliedConfiguration.KUBECTL)) {
            LastAppliedConfiguration.sync(result, config);
        }
        return setManagedFields(result, managed.encode());
    }

    private OwnershipUpdater updater(String subresource) {
        return new OwnershipUpdater(type, ResetFields.forWrite(subresource, statusIsSubresource), apiVersion);
    }

    private static ManagedFields startingPoint(ObjectNode live, JsonNode requested, boolean subresource) {
        JsonNode stored = live == null ? null : live.path("metadata").get("managedFields");
        if (!subresource) {
            if (ManagedFields.isReset(requested)) {
                return ManagedFields.empty();
            }
            try {
                ManagedFields fromRequest = ManagedFields.decode(requested);
                if (!fromRequest.isEmpty()) {
                    return fromRequest;
                }
            } catch (IllegalArgumentException e) {
                // Invalid managedFields in a request are ignored: the stored ones stay.
            }
        }
        try {
            return ManagedFields.decode(stored);
        } catch (IllegalArgumentException e) {
            return ManagedFields.empty();
        }
    }

    private static ObjectNode withoutManagedFields(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        if (copy.get("metadata") instanceof ObjectNode meta) {
            meta.remove("managedFields");
        }
        return copy;
    }

    private static ObjectNode setManagedFields(ObjectNode object, JsonNode entries) {
        if (!(object.get("metadata") instanceof ObjectNode meta)) {
            return object;
        }
        if (entries == null || (entries instanceof ArrayNode a && a.isEmpty())) {
            meta.remove("managedFields");
        } else {
            meta.set("managedFields", entries.deepCopy());
        }
        return object;
    }

    private String now() {
        return clock.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    // apimachinery runtime/schema GroupVersionKind.String: "group/version, Kind=kind", the group empty for core.
    private static String groupVersionKind(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return group + "/" + version + ", Kind=" + kind;
    }
}
