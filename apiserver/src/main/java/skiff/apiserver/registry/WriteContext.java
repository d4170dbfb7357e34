package skiff.apiserver.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import skiff.api.time.Clock;
import skiff.apiserver.admission.AdmissionChain;
import skiff.apiserver.admission.AdmissionRequest;
import skiff.apiserver.admission.Operation;
import skiff.apiserver.fieldmanager.FieldManager;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.store.KeyValue;
import skiff.store.KeyValueStore;
import skiff.store.WriteResult;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every write operation on one resource needs: its definition, its strategies (the main resource's and those of
 * the subresources that have their own), the store, how objects are stored, the clock and the admission chain.
 */
record WriteContext(ResourceDefinition definition, ResourceStrategy strategy,
        Map<ObjectPart, ResourceStrategy> subresourceStrategies, KeyValueStore store, Clock clock,
        AdmissionChain admission, StorageConversion conversion, LastWrite lastWrite) {

    /** {@code result}, a write to this resource's key, noted as its newest write when committed. */
    WriteResult noted(WriteResult result) {
        return lastWrite.noted(result);
    }

    /** The stored object as this resource serves it, with its resourceVersion. */
    ObjectNode decode(KeyValue kv) {
        return conversion.toServed(StoredObjects.decode(kv));
    }

    /** The served object as it is stored. */
    byte[] encode(ObjectNode object) {
        return StoredObjects.encode(conversion.toStored(object));
    }

    /** The strategy a write to {@code part} goes through: the subresource's own, else the main resource's. */
    ResourceStrategy strategy(ObjectPart part) {
        return subresourceStrategies.getOrDefault(part, strategy);
    }

    /** Timestamps as Kubernetes stores them: RFC 3339, whole seconds. */
    String timestamp() {
        return timestamp(clock.now());
    }

    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Keeps the managedFields of this resource's objects. */
    FieldManager fieldManager() {
        if (definition.isCustom()) {
            return FieldManager.forCustomResource(definition.apiVersion(), definition.kind(),
                    definition.hasStatus(), definition.custom().openApiV3Schema(), clock);
        }
        return FieldManager.forKind(definition.apiVersion(), definition.kind(), definition.hasStatus(), clock);
    }

    /** Admission's view of a write to {@code part} of this resource. */
    AdmissionRequest admissionRequest(Operation operation, ObjectPart part, String namespace, String name,
            ObjectNode object, ObjectNode old, boolean dryRun) {
        return new AdmissionRequest(operation, definition, part.subresource(), namespace, name, object, old, dryRun);
    }

    /** The same for a write {@code options} describe, with who asked. */
    AdmissionRequest admissionRequest(Operation operation, ObjectPart part, String namespace, String name,
            ObjectNode object, ObjectNode old, WriteOptions options) {
        return new AdmissionRequest(operation, definition, part.subresource(), namespace, name, object, old,
                options.dryRun(), options.user(), options.warnings(), options.auditAnnotations());
    }

    String newUid() {
        return UUID.randomUUID().toString();
    }
}
