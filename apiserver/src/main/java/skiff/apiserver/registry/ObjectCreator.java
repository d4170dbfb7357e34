package skiff.apiserver.registry;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.fieldmanager.FieldManagerName;
import skiff.apiserver.status.StatusException;
import skiff.store.WriteResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates objects the way k/k apiserver rest.BeforeCreate and the generic store's Create do: check kind and
 * namespace, fill system metadata, let the strategy reset what users may not set, validate, then create-if-absent.
 */
final class ObjectCreator {
    // k/k apiserver pkg/storage/names/generate.go: five characters from an alphabet without vowels or look-alikes.
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int GENERATE_ATTEMPTS = 8;

    private final WriteContext ctx;
    private final SecureRandom random = new SecureRandom();

    ObjectCreator(WriteContext ctx) {
        this.ctx = ctx;
    }

    ObjectNode create(String namespace, ObjectNode body, WriteOptions options) {
        return create(namespace, body, options, FieldTracking.UPDATE);
    }

    ObjectNode create(String namespace, ObjectNode body, WriteOptions options, FieldTracking tracking) {
        ObjectRequests.checkTypeMeta(ctx.definition(), body);
        ObjectNode meta = StoredObjects.metadata(body);
        ObjectRequests.checkNamespace(ctx.definition(), namespace, meta);
        boolean generated = !meta.path("name").asString("").isEmpty() ? false : meta.hasNonNull("generateName");
        for (int attempt = 1; ; attempt++) {
            ObjectNode object = body.deepCopy();
            if (generated) {
                StoredObjects.metadata(object).put("name", generateName(meta.path("generateName").asString()));
            }
            try {
                return createOnce(namespace, object, options, tracking);
            } catch (StatusException e) {
                if (!generated || !e.reason().equals("AlreadyExists") || attempt == GENERATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private ObjectNode createOnce(String namespace, ObjectNode object, WriteOptions options, FieldTracking tracking) {
        ObjectNode meta = StoredObjects.metadata(object);
        fillSystemMetadata(meta);
        ctx.strategy().applyDefaults(object);
        ctx.strategy().prepareForCreate(object);
        EmptyMetadataFields.drop(meta);
        String name = meta.path("name").asString("");
        List<FieldError> errors = new ArrayList<>(MetadataValidation.validate(ctx.definition(), meta));
        errors.addAll(ctx.strategy().validate(object));
        if (!errors.isEmpty()) {
            throw StatusException.invalid(ctx.definition(), name, errors);
        }
        if (tracking == FieldTracking.UPDATE && options.tracked()) {
            // k/k apiserver endpoints/handlers/create.go: a create is an update from the kind's empty object.
            String manager = FieldManagerName.forUpdate(options.fieldManager(), options.userAgent());
            object = ctx.fieldManager().update(null, object, manager, "");
        }
        if (ctx.definition().namespaced()) {
            NamespaceLookup.State state = ctx.namespaces().state(namespace);
            if (state == NamespaceLookup.State.MISSING) {
                throw StatusException.namespaceNotFound(namespace);
            }
            if (state == NamespaceLookup.State.TERMINATING) {
                throw StatusException.forbidden(ctx.definition(), name, "unable to create new content in namespace "
                        + namespace + " because it is being terminated");
            }
        }
        String key = ctx.definition().key(namespace, name);
        if (options.dryRun()) {
            // k/k apiserver registry/generic/registry/dryrun.go Create: a dry run checks the key is free.
            if (ctx.store().get(key).isPresent()) {
                throw StatusException.alreadyExists(ctx.definition(), name);
            }
            return object;
        }
        WriteResult result = ctx.store().create(key, ctx.encode(object));
        if (result instanceof WriteResult.Committed c) {
            return StoredObjects.withResourceVersion(object, c.revision());
        }
        throw StatusException.alreadyExists(ctx.definition(), name);
    }

    // k/k apiserver pkg/registry/rest/meta.go FillObjectMetaSystemFields, and the strategies' generation = 1.
    private void fillSystemMetadata(ObjectNode meta) {
        meta.put("uid", ctx.newUid());
        meta.put("creationTimestamp", ctx.timestamp());
        meta.remove("resourceVersion");
        meta.remove("deletionTimestamp");
        meta.remove("deletionGracePeriodSeconds");
        meta.remove("selfLink");
        if (ctx.definition().hasGeneration()) {
            meta.put("generation", 1);
        } else {
            meta.remove("generation");
        }
        JsonNode labels = meta.get("labels");
        if (labels != null && labels.isNull()) {
            meta.remove("labels");
        }
    }

    private String generateName(String prefix) {
        StringBuilder name = new StringBuilder(prefix);
        for (int i = 0; i < 5; i++) {
            name.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
        }
        return name.toString();
    }
}
