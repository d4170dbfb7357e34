package skiff.apiserver.registry;

import java.util.Optional;
import skiff.apiserver.admission.AdmissionRequest;
import skiff.apiserver.admission.Operation;
import skiff.apiserver.status.StatusException;
import skiff.store.KeyValue;
import skiff.store.WriteResult;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deletes objects as the generic store does (k/k staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go
 * Delete and updateForGracefulDeletionAndFinalizers): run admission, check the preconditions, decide the grace period, put on the
 * garbage collector's finalizers, then either remove the object or only mark it with a deletionTimestamp while its
 * grace period runs or finalizers hold it.
 */
final class ObjectDeleter {
    private static final int MAX_ATTEMPTS = 32;
    private final WriteContext ctx;

    ObjectDeleter(WriteContext ctx) {
        this.ctx = ctx;
    }

    DeleteResult delete(String namespace, String name, DeleteOptions options) {
        String key = ctx.definition().key(namespace, name);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            KeyValue kv = ctx.store().get(key).orElseThrow(() -> StatusException.notFound(ctx.definition(), name));
            ObjectNode existing = ctx.decode(kv);
            // k/k apiserver endpoints/handlers/delete.go admits the delete before the store checks its preconditions.
            AdmissionRequest admission = ctx.admissionRequest(Operation.DELETE, ObjectPart.MAIN, namespace, name,
                    null, existing, new WriteOptions(options.dryRun(), null, null, options.user(),
                            options.warnings(), options.auditAnnotations()));
            ctx.admission().admit(admission);
            ctx.admission().validate(admission);
            DeletePreconditions.check(ctx.definition(), existing, options);
            GraceDecision grace = GracefulDeletion.decide(existing, options, ctx.strategy(), ctx.clock().now());
            if (grace instanceof GraceDecision.Pending) {
                return new DeleteResult.AlreadyDeleting(existing);
            }
            ObjectNode updated = existing.deepCopy();
            DeletionFinalizers.apply(updated, options, ctx.strategy().defaultGarbageCollectionPolicy());
            boolean held = !DeletionFinalizers.finalizers(updated).isEmpty() || ctx.strategy().holdsDeletion(updated);
            if (grace instanceof GraceDecision.Graceful graceful) {
                GracefulDeletion.apply(updated, graceful);
            } else if (held) {
                GracefulDeletion.markAsDeleting(updated, ctx.clock().now());
                ctx.strategy().prepareForDeletion(updated);
            } else {
                Optional<DeleteResult> deleted = deleteNow(key, kv, existing, options);
                if (deleted.isPresent()) {
                    return deleted.get();
                }
                continue;
            }
            Optional<ObjectNode> written = write(key, kv, existing, updated, options);
            if (written.isEmpty()) {
                continue;
            }
            boolean graceLeft = grace instanceof GraceDecision.Graceful g && g.seconds() > 0;
            if (held || graceLeft) {
                return new DeleteResult.MarkedForDeletion(written.get());
            }
            // A graceful delete with no grace left: the marked object goes right after it was written, so watchers
            // see it marked first.
            return deleteAfterMarking(key, written.get(), options);
        }
        throw StatusException.conflict(ctx.definition(), name, "too many concurrent updates, please try again");
    }

    /** Stores the marked object unless nothing changed; empty when the object changed since it was read. */
    private Optional<ObjectNode> write(String key, KeyValue kv, ObjectNode existing, ObjectNode updated,
            DeleteOptions options) {
        if (updated.equals(existing)) {
            return Optional.of(existing);
        }
        if (options.dryRun()) {
            return Optional.of(updated);
        }
        StoredObjects.metadata(updated).remove("resourceVersion");
        WriteResult r = ctx.noted(ctx.store().update(key, ctx.encode(updated), kv.modRevision()));
        if (r instanceof WriteResult.Committed c) {
            return Optional.of(StoredObjects.withResourceVersion(updated, c.revision()));
        }
        return Optional.empty();
    }

    private Optional<DeleteResult> deleteNow(String key, KeyValue kv, ObjectNode existing, DeleteOptions options) {
        if (options.dryRun()) {
            return Optional.of(new DeleteResult.DeletedNow(existing));
        }
        WriteResult r = ctx.noted(ctx.store().delete(key, kv.modRevision()));
        if (r instanceof WriteResult.Committed c) {
            ctx.strategy().afterDelete(existing);
            return Optional.of(new DeleteResult.DeletedNow(StoredObjects.withResourceVersion(existing, c.revision())));
        }
        return Optional.empty();
    }

    // k/k store.go Delete: after the zero-grace update the object is deleted whatever changed since, unless the caller
    // pinned a resourceVersion; someone else deleting it first counts as done.
    private DeleteResult deleteAfterMarking(String key, ObjectNode marked, DeleteOptions options) {
        if (options.dryRun()) {
            return new DeleteResult.DeletedNow(marked);
        }
        long revision = Long.parseLong(StoredObjects.resourceVersion(marked));
        ObjectNode deleting = marked;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            WriteResult r = ctx.noted(ctx.store().delete(key, revision));
            if (r instanceof WriteResult.Committed c) {
                ctx.strategy().afterDelete(deleting);
                return new DeleteResult.DeletedNow(StoredObjects.withResourceVersion(marked, c.revision()));
            }
            Optional<KeyValue> current = ctx.store().get(key);
            if (current.isEmpty()) {
                return new DeleteResult.DeletedNow(marked);
            }
            if (options.preconditionResourceVersion() != null) {
                throw StatusException.modified(ctx.definition(), StoredObjects.name(marked));
            }
            revision = current.get().modRevision();
            deleting = ctx.decode(current.get());
        }
        throw StatusException.conflict(ctx.definition(), StoredObjects.name(marked),
                "too many concurrent updates, please try again");
    }
}
