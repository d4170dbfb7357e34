package skiff.apiserver.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import skiff.api.validation.FieldError;
import skiff.apiserver.admission.AdmissionRequest;
import skiff.apiserver.admission.Operation;
import skiff.apiserver.fieldmanager.FieldManagerName;
import skiff.api.validation.ObjectMetaUpdateValidation;
import skiff.apiserver.status.StatusException;
import skiff.store.KeyValue;
import skiff.store.WriteResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Updates objects with optimistic concurrency, as k/k apiserver registry/generic/registry/store.go Update and
 * storage GuaranteedUpdate do: read, compute the new object, compare-and-swap on the read revision, and on a lost
 * race read again and recompute. Only a resourceVersion that the computed object pins and that differs from the
 * freshly read one is a conflict; a patch that names no resourceVersion is re-applied to the newer object.
 */
final class ObjectUpdater {
    private static final int MAX_ATTEMPTS = 32;
    private static final String[] SYSTEM_FIELDS = {"uid", "creationTimestamp", "generation"};

    private final WriteContext ctx;
    private final ObjectCreator creator;

    ObjectUpdater(WriteContext ctx, ObjectCreator creator) {
        this.ctx = ctx;
        this.creator = creator;
    }

    /** PUT: replaces the object with {@code body}. */
    WriteOutcome update(String namespace, String name, ObjectNode body, ObjectPart part, WriteOptions options) {
        ObjectRequests.checkTypeMeta(ctx.definition(), body);
        ObjectNode bodyMeta = StoredObjects.metadata(body);
        ObjectRequests.checkName(name, bodyMeta);
        ObjectRequests.checkNamespace(ctx.definition(), namespace, bodyMeta);
        ObjectNode createFrom = ctx.definition().allowCreateOnUpdate() ? body.deepCopy() : null;
        return guaranteedUpdate(namespace, name, part, options, current -> body.deepCopy(), createFrom);
    }

    /**
     * Computes the new object from the current one and stores it. {@code createFrom}, when not null, is created if
     * the object does not exist.
     */
    WriteOutcome guaranteedUpdate(String namespace, String name, ObjectPart part, WriteOptions options,
            UnaryOperator<ObjectNode> change, ObjectNode createFrom) {
        return guaranteedUpdate(namespace, name, part, options, change, createFrom, FieldTracking.UPDATE);
    }

    WriteOutcome guaranteedUpdate(String namespace, String name, ObjectPart part, WriteOptions options,
            UnaryOperator<ObjectNode> change, ObjectNode createFrom, FieldTracking tracking) {
        String key = ctx.definition().key(namespace, name);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<KeyValue> current = ctx.store().get(key);
            if (current.isEmpty()) {
                if (createFrom != null && part == ObjectPart.MAIN) {
                    return new WriteOutcome(creator.create(namespace, createFrom, options, tracking), true);
                }
                throw StatusException.notFound(ctx.definition(), name);
            }
            KeyValue kv = current.get();
            ObjectNode old = ctx.decode(kv);
            ObjectNode wanted = change.apply(old.deepCopy());
            String wantedRv = StoredObjects.resourceVersion(wanted);
            boolean pinned = wantedRv != null && !wantedRv.isEmpty();
            if (pinned && !wantedRv.equals(Long.toString(kv.modRevision()))) {
                throw StatusException.modified(ctx.definition(), name);
            }
            // Taken before the merge, whose strategy may reset the metadata an apply's managedFields came in.
            JsonNode appliedFields = StoredObjects.metadata(wanted).get("managedFields");
            List<WriteTransaction> begun = new ArrayList<>(1);
            boolean committed = false;
            try {
                ObjectNode updated = recordOwnership(old, appliedFields,
                        merge(old, wanted, part, namespace, name, options, begun), part, options, tracking);
                if (sameIgnoringResourceVersion(updated, old)) {
                    return new WriteOutcome(old, false);
                }
                if (options.dryRun()) {
                    return new WriteOutcome(updated, false);
                }
                boolean delete = finalizersEmptiedWhileDeleting(updated, old)
                        && !ctx.strategy().holdsDeletion(updated);
                WriteResult result = delete
                        ? ctx.noted(ctx.store().delete(key, kv.modRevision()))
                        : ctx.noted(ctx.store().update(key, ctx.encode(updated), kv.modRevision()));
                if (result instanceof WriteResult.Committed c) {
                    committed = true;
                    begun.forEach(WriteTransaction::commit);
                    if (delete) {
                        ctx.strategy().afterDelete(updated);
                    }
                    return new WriteOutcome(StoredObjects.withResourceVersion(updated, c.revision()), false);
                }
            } finally {
                if (!committed) {
                    begun.forEach(WriteTransaction::revert);
                }
            }
        }
        throw StatusException.conflict(ctx.definition(), name, "too many concurrent updates, please try again");
    }

    private ObjectNode merge(ObjectNode old, ObjectNode wanted, ObjectPart part, String namespace, String name,
            WriteOptions options, List<WriteTransaction> begun) {
        ObjectNode updated;
        if (part == ObjectPart.FINALIZE) {
            // k/k pkg/registry/core/namespace/storage/storage.go FinalizeREST: only spec.finalizers changes.
            updated = old.deepCopy();
            JsonNode finalizers = wanted.path("spec").get("finalizers");
            List<FieldError> errors = SpecFinalizers.validate(finalizers);
            if (!errors.isEmpty()) {
                throw StatusException.invalid(ctx.definition(), name, errors);
            }
            updated.withObject("spec").set("finalizers",
                    finalizers == null ? updated.arrayNode() : finalizers.deepCopy());
        } else if (part == ObjectPart.BINDING) {
            // k/k pkg/registry/core/pod/storage/storage.go BindingREST: the server's own change, not validated again
            // (nor admitted: no plugin here acts on bindings or, above, on namespace finalize).
            updated = wanted;
        } else {
            // k/k apiserver pkg/registry/rest/update.go BeforeUpdate, with the strategy of the main resource or of the
            // subresource (status, ephemeralcontainers) written to.
            ResourceStrategy strategy = ctx.strategy(part);
            updated = wanted;
            ObjectRequests.checkTypeMeta(ctx.definition(), updated);
            ObjectNode meta = StoredObjects.metadata(updated);
            ObjectNode oldMeta = StoredObjects.metadata(old);
            checkUid(meta, oldMeta, name);
            for (String field : SYSTEM_FIELDS) {
                copyField(oldMeta, meta, field);
            }
            keepDeletionFields(meta, oldMeta);
            meta.put("name", name);
            if (ctx.definition().namespaced()) {
                meta.set("namespace", oldMeta.get("namespace"));
            }
            if (part == ObjectPart.MAIN && ctx.definition().hasStatus()) {
                copyField(old, updated, "status");
            }
            ctx.strategy().applyDefaults(updated);
            // k/k apiserver endpoints/handlers/update.go and patch.go: mutating admission transforms the decoded
            // object before store.go Update runs rest.BeforeUpdate; validating admission sees the result.
            AdmissionRequest admission = ctx.admissionRequest(Operation.UPDATE, part, namespace, name, updated,
                    old, options);
            ctx.admission().admit(admission);
            begun.add(strategy.beginUpdate(updated, old, options.dryRun()));
            strategy.prepareForUpdate(updated, old);
            meta = StoredObjects.metadata(updated);
            EmptyMetadataFields.drop(meta);
            if (ctx.definition().hasGeneration() && specChanged(updated, old)) {
                meta.put("generation", oldMeta.path("generation").asLong(0) + 1);
            }
            List<FieldError> errors = new ArrayList<>(MetadataValidation.validate(ctx.definition(), meta));
            errors.addAll(ObjectMetaUpdateValidation.validate(meta, oldMeta));
            errors.addAll(strategy.validateUpdate(updated, old, options.warnings()));
            if (!errors.isEmpty()) {
                throw StatusException.invalid(ctx.definition(), name, errors);
            }
            ctx.admission().validate(admission);
        }
        StoredObjects.metadata(updated).remove("resourceVersion");
        return updated;
    }

    // k/k apiserver endpoints/handlers (update.go, patch.go): managedFields record who changed what on every write.
    private ObjectNode recordOwnership(ObjectNode old, JsonNode appliedFields, ObjectNode updated, ObjectPart part,
            WriteOptions options, FieldTracking tracking) {
        if (tracking == FieldTracking.APPLIED) {
            ObjectNode meta = StoredObjects.metadata(updated);
            if (appliedFields == null) {
                meta.remove("managedFields");
            } else {
                meta.set("managedFields", appliedFields);
            }
            return updated;
        }
        if (!options.tracked()) {
            return updated;
        }
        String manager = FieldManagerName.forUpdate(options.fieldManager(), options.userAgent());
        return ctx.fieldManager().update(old, updated, manager, part.subresource());
    }

    // k/k staging/src/k8s.io/apiserver/pkg/registry/rest/update.go BeforeUpdate: an update never removes or moves a
    // deletionTimestamp, and leaving out deletionGracePeriodSeconds keeps the stored one; other changes are refused
    // by ObjectMetaUpdateValidation.
    private static void keepDeletionFields(ObjectNode meta, ObjectNode oldMeta) {
        if (oldMeta.hasNonNull("deletionTimestamp")) {
            meta.set("deletionTimestamp", oldMeta.get("deletionTimestamp").deepCopy());
        }
        JsonNode grace = meta.get("deletionGracePeriodSeconds");
        if (oldMeta.hasNonNull("deletionGracePeriodSeconds") && (grace == null || grace.isNull())) {
            meta.set("deletionGracePeriodSeconds", oldMeta.get("deletionGracePeriodSeconds").deepCopy());
        }
    }

    private void checkUid(ObjectNode meta, ObjectNode oldMeta, String name) {
        String uid = meta.path("uid").asString("");
        String oldUid = oldMeta.path("uid").asString("");
        if (!uid.isEmpty() && !uid.equals(oldUid)) {
            throw StatusException.conflict(ctx.definition(), name,
                    "Precondition failed: UID in precondition: " + uid + ", UID in object meta: " + oldUid);
        }
    }

    private static void copyField(ObjectNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value == null) {
            to.remove(field);
        } else {
            to.set(field, value.deepCopy());
        }
    }

    /** Everything but metadata and status is the spec for generation purposes. */
    private static boolean specChanged(ObjectNode updated, ObjectNode old) {
        ObjectNode a = updated.deepCopy();
        ObjectNode b = old.deepCopy();
        for (ObjectNode o : List.of(a, b)) {
            o.remove("metadata");
            o.remove("status");
        }
        return !a.equals(b);
    }

    private static boolean sameIgnoringResourceVersion(ObjectNode updated, ObjectNode old) {
        ObjectNode b = old.deepCopy();
        StoredObjects.metadata(b).remove("resourceVersion");
        return updated.equals(b);
    }

    // k/k staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go ShouldDeleteDuringUpdate: an update that
    // leaves no finalizers on an object already being deleted with no grace period (none, or zero) deletes it; a pod
    // in its grace period stays until the kubelet's final delete.
    private static boolean finalizersEmptiedWhileDeleting(ObjectNode updated, ObjectNode old) {
        JsonNode oldMeta = old.path("metadata");
        if (!oldMeta.hasNonNull("deletionTimestamp")) {
            return false;
        }
        JsonNode finalizers = updated.path("metadata").get("finalizers");
        return (finalizers == null || finalizers.isEmpty()) && oldMeta.path("deletionGracePeriodSeconds").asLong(0) == 0;
    }
}
