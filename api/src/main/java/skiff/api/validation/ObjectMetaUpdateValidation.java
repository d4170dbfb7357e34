package skiff.api.validation;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The checks Kubernetes adds when an object's metadata is updated: an object being deleted takes no new finalizers,
 * and the deletion fields only change through a delete. Name, namespace, uid and creation time are carried over by
 * the registry before this runs, so they are not checked again here.
 */
public final class ObjectMetaUpdateValidation {
    private static final String METADATA = "metadata";

    private ObjectMetaUpdateValidation() {}

    /**
     * Validates {@code metadata} against the stored {@code oldMetadata}.
     *
     * @param metadata the metadata of the object as it would be stored
     * @param oldMetadata the metadata of the stored object
     */
    // k/k staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go ValidateObjectMetaAccessorUpdate, in its order.
    public static List<FieldError> validate(JsonNode metadata, JsonNode oldMetadata) {
        List<FieldError> errors = new ArrayList<>();
        if (present(oldMetadata.get("deletionTimestamp"))) {
            errors.addAll(validateNoNewFinalizers(metadata, oldMetadata));
        }
        JsonNode timestamp = metadata.get("deletionTimestamp");
        if (!sameInstant(timestamp, oldMetadata.get("deletionTimestamp"))) {
            errors.add(immutable(METADATA + ".deletionTimestamp", timestamp));
        }
        JsonNode grace = metadata.get("deletionGracePeriodSeconds");
        if (!sameNumber(grace, oldMetadata.get("deletionGracePeriodSeconds"))) {
            errors.add(immutable(METADATA + ".deletionGracePeriodSeconds", grace));
        }
        return List.copyOf(errors);
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go ValidateNoNewFinalizers: the added names, sorted, in Go syntax.
    private static List<FieldError> validateNoNewFinalizers(JsonNode metadata, JsonNode oldMetadata) {
        TreeSet<String> added = new TreeSet<>(strings(metadata.get("finalizers")));
        added.removeAll(strings(oldMetadata.get("finalizers")));
        if (added.isEmpty()) {
            return List.of();
        }
        String names = added.stream().map(GoQuotedString::of).collect(Collectors.joining(", ", "[]string{", "}"));
        return List.of(FieldError.forbidden(METADATA + ".finalizers",
                "no new finalizers can be added if the object is being deleted, found new finalizers " + names));
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/api/validation/generic.go FieldImmutableErrorMsg.
    private static FieldError immutable(String field, JsonNode value) {
        return FieldError.invalid(field, present(value) ? value : null, "field is immutable");
    }

    private static boolean sameInstant(JsonNode a, JsonNode b) {
        if (!present(a) || !present(b)) {
            return present(a) == present(b);
        }
        try {
            return Instant.parse(a.asString()).equals(Instant.parse(b.asString()));
        } catch (DateTimeParseException e) {
            return a.equals(b);
        }
    }

    private static boolean sameNumber(JsonNode a, JsonNode b) {
        if (!present(a) || !present(b)) {
            return present(a) == present(b);
        }
        return a.isNumber() && b.isNumber() ? a.asLong() == b.asLong() : Objects.equals(a, b);
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(item -> out.add(item.asString("")));
        }
        return out;
    }
}
