package skiff.apiserver.registry;

import java.util.Optional;
import skiff.apiserver.status.StatusException;
import skiff.store.KeyValue;
import skiff.store.WriteResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deletes objects as the generic store does (k/k apiserver registry/generic/registry/store.go Delete): check
 * preconditions, and either remove the object or, while it still has finalizers, only mark it with a
 * deletionTimestamp so that the finalizers' owners can clean up first.
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
            Optional<KeyValue> current = ctx.store().get(key);
            if (current.isEmpty()) {
                throw StatusException.notFound(ctx.definition(), name);
            }
            KeyValue kv = current.get();
            ObjectNode object = StoredObjects.decode(kv);
            checkPreconditions(object, options, name);
            if (hasFinalizers(object) || ctx.strategy().holdsDeletion(object)) {
                ObjectNode meta = StoredObjects.metadata(object);
                if (meta.hasNonNull("deletionTimestamp")) {
                    return new DeleteResult.MarkedForDeletion(object);
                }
                meta.put("deletionTimestamp", ctx.timestamp());
                meta.put("deletionGracePeriodSeconds", 0);
                ctx.strategy().prepareForDeletion(object);
                if (options.dryRun()) {
                    return new DeleteResult.MarkedForDeletion(object);
                }
                meta.remove("resourceVersion");
                WriteResult r = ctx.store().update(key, StoredObjects.encode(object), kv.modRevision());
                if (r instanceof WriteResult.Committed c) {
                    return new DeleteResult.MarkedForDeletion(StoredObjects.withResourceVersion(object, c.revision()));
                }
                continue;
            }
            if (options.dryRun()) {
                return new DeleteResult.DeletedNow(object);
            }
            WriteResult r = ctx.store().delete(key, kv.modRevision());
            if (r instanceof WriteResult.Committed c) {
                return new DeleteResult.DeletedNow(StoredObjects.withResourceVersion(object, c.revision()));
            }
        }
        throw StatusException.conflict(ctx.definition(), name, "too many concurrent updates, please try again");
    }

    private void checkPreconditions(ObjectNode object, DeleteOptions options, String name) {
        String uid = StoredObjects.uid(object);
        if (options.preconditionUid() != null && !options.preconditionUid().equals(uid)) {
            throw StatusException.conflict(ctx.definition(), name, "Precondition failed: UID in precondition: "
                    + options.preconditionUid() + ", UID in object meta: " + uid);
        }
        String rv = StoredObjects.resourceVersion(object);
        if (options.preconditionResourceVersion() != null && !options.preconditionResourceVersion().equals(rv)) {
            throw StatusException.conflict(ctx.definition(), name,
                    "Precondition failed: ResourceVersion in precondition: " + options.preconditionResourceVersion()
                            + ", ResourceVersion in object meta: " + rv);
        }
    }

    private static boolean hasFinalizers(ObjectNode object) {
        JsonNode finalizers = object.path("metadata").get("finalizers");
        return finalizers != null && finalizers.isArray() && !finalizers.isEmpty();
    }
}
