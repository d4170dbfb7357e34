package skiff.apiserver.registry;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides how a delete treats the grace period of the object it finds, and marks the object accordingly (k/k
 * staging/src/k8s.io/apiserver/pkg/registry/rest/delete.go BeforeDelete).
 */
final class GracefulDeletion {
    private GracefulDeletion() {}

    static GraceDecision decide(ObjectNode object, DeleteOptions options, ResourceStrategy strategy, Instant now) {
        Long requested = requestedGrace(options);
        JsonNode meta = object.path("metadata");
        OptionalLong grace = strategy.gracePeriod(object, requested);
        if (grace.isEmpty()) {
            return new GraceDecision.Immediate();
        }
        if (meta.hasNonNull("deletionTimestamp")) {
            return decideWhileDeleting(meta, requested);
        }
        return new GraceDecision.Graceful(grace.getAsLong(), now.plusSeconds(grace.getAsLong()), true);
    }

    // k/k rest/delete.go BeforeDelete: once deleting, a delete may only shorten the grace period; a zero or missing
    // one means the earlier delete was not graceful and this one deletes now.
    private static GraceDecision decideWhileDeleting(JsonNode meta, Long requested) {
        long current = currentGrace(meta);
        if (current == 0) {
            return new GraceDecision.Immediate();
        }
        if (requested == null || requested >= current) {
            return new GraceDecision.Pending();
        }
        Instant due = parse(meta.get("deletionTimestamp").asString());
        Instant shortened = due == null ? null : due.minusSeconds(current).plus(Duration.ofSeconds(requested));
        return new GraceDecision.Graceful(requested, shortened, false);
    }

    /** Marks {@code object} for a graceful deletion; the first mark also bumps a positive generation. */
    static void apply(ObjectNode object, GraceDecision.Graceful graceful) {
        ObjectNode meta = StoredObjects.metadata(object);
        if (graceful.deletionTimestamp() != null) {
            meta.put("deletionTimestamp", WriteContext.timestamp(graceful.deletionTimestamp()));
        }
        meta.put("deletionGracePeriodSeconds", graceful.seconds());
        long generation = meta.path("generation").asLong(0);
        if (graceful.first() && generation > 0) {
            meta.put("generation", generation + 1);
        }
    }

    /**
     * Marks {@code object} as deleting with no grace left, as the generic store does for objects that finalizers hold:
     * the deletionTimestamp becomes now unless an earlier one is set, and the first mark bumps a positive generation.
     */
    // k/k staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go markAsDeleting.
    static void markAsDeleting(ObjectNode object, Instant now) {
        ObjectNode meta = StoredObjects.metadata(object);
        JsonNode existing = meta.get("deletionTimestamp");
        long generation = meta.path("generation").asLong(0);
        if ((existing == null || existing.isNull()) && generation > 0) {
            meta.put("generation", generation + 1);
        }
        Instant due = existing == null || existing.isNull() ? null : parse(existing.asString());
        if (due == null || due.isAfter(now)) {
            meta.put("deletionTimestamp", WriteContext.timestamp(now));
        }
        meta.put("deletionGracePeriodSeconds", 0);
    }

    // k/k rest/delete.go BeforeDelete: a negative grace period, asked for or stored, counts as one second.
    private static Long requestedGrace(DeleteOptions options) {
        Long requested = options.gracePeriodSeconds();
        return requested != null && requested < 0 ? Long.valueOf(1) : requested;
    }

    private static long currentGrace(JsonNode meta) {
        JsonNode grace = meta.get("deletionGracePeriodSeconds");
        if (grace == null || grace.isNull()) {
            return 0;
        }
        return grace.asLong() < 0 ? 1 : grace.asLong();
    }

    private static Instant parse(String timestamp) {
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
