package skiff.apiserver.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import skiff.api.time.Clock;
import skiff.apiserver.fieldmanager.FieldManager;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.store.KeyValueStore;

/** What every write operation on one resource needs: its definition, strategy, the store and the clock. */
record WriteContext(ResourceDefinition definition, ResourceStrategy strategy, KeyValueStore store, Clock clock,
        NamespaceLookup namespaces) {

    /** Timestamps as Kubernetes stores them: RFC 3339, whole seconds. */
    String timestamp() {
        return timestamp(clock.now());
    }

    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Keeps the managedFields of this resource's objects. */
    FieldManager fieldManager() {
        return FieldManager.forKind(definition.apiVersion(), definition.kind(), definition.hasStatus(), clock);
    }

    String newUid() {
        return UUID.randomUUID().toString();
    }
}
