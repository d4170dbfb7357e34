package skiff.apiserver.registry;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.admission.AdmissionRequest;
import skiff.apiserver.admission.Operation;
import skiff.apiserver.fieldmanager.FieldManagerName;
import skiff.apiserver.status.StatusException;
import skiff.store.WriteResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates objects the way k/k apiserver endpoints/handlers/create.go and the generic store's Create do: check kind and
 * namespace, run mutating admission, fill system metadata, let the strategy reset what users may not set, validate,
 * run validating admission, then create-if-absent.
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
            String name = generated ? generateName(meta.path("generateName").asString()) : null;
            try {
                return createOnce(namespace, body.deepCopy(), name, options, tracking);
            } catch (StatusException e) {
                if (!generated || !e.reason().equals("AlreadyExists") || attempt == GENERATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Creates {@code object}, named {@code generatedName} when that is not null. */
    private ObjectNode createOnce(String namespace, ObjectNode object, String generatedName, WriteOptions options,
            FieldTracking tracking) {
        ObjectNode meta = StoredObjects.metadata(object);
        fillSystemMetadata(meta);
        ctx.strategy().applyDefaults(object);
        // k/k apiserver endpoints/handlers/create.go: mutating admission sees the decoded, defaulted object before
        // store.go Create runs rest.BeforeCreate, which generates the name; validating admission sees what
        // BeforeCreate made of it.
        AdmissionRequest admission = ctx.admissionRequest(Operation.CREATE, ObjectPart.MAIN, namespace,
                meta.path("name").asString(""), object, null, options);
        ctx.admission().admit(admission);
        WriteTransaction transaction = ctx.strategy().beginCreate(object, options.dryRun());
        boolean committed = false;
        try {
            ObjectNode created = validateAndStore(namespace, object, meta, generatedName, admission, options, tracking);
            committed = !options.dryRun();
            return created;
        } finally {
            if (committed) {
                transaction.commit();
            } else {
                transaction.revert();
            }
        }
    }

    private ObjectNode validateAndStore(String namespace, ObjectNode object, ObjectNode meta, String generatedName,
            AdmissionRequest admission, WriteOptions options, FieldTracking tracking) {
        ctx.strategy().prepareForCreate(object, options.user());
        if (generatedName != null) {
            meta.put("name", generatedName);
        }
        EmptyMetadataFields.drop(meta);
        String name = meta.path("name").asString("");
        List<FieldError> errors = new ArrayList<>(MetadataValidation.validate(ctx.definition(), meta));
        errors.addAll(ctx.strategy().validate(object));
        if (!errors.isEmpty()) {
            throw StatusException.invalid(ctx.definition(), name, errors);
        }
        ctx.admission().validate(admission);
        if (tracking == FieldTracking.UPDATE && options.tracked()) {
            // k/k apiserver endpoints/handlers/create.go: a create is an update from the kind's empty object.
            String manager = FieldManagerName.forUpdate(options.fieldManager(), options.userAgent());
            object = ctx.fieldManager().update(null, object, manager, "");
        }
        String key = ctx.definition().key(namespace, name);
        if (options.dryRun()) {
            // k/k apiserver registry/generic/registry/dryrun.go Create: a dry run checks the key is free.
            if (ctx.store().get(key).isPresent()) {
                throw StatusException.alreadyExists(ctx.definition(), name);
            }
            return object;
        }
        WriteResult result = ctx.noted(ctx.store().create(key, ctx.encode(object)));
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
