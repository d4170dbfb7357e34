package skiff.api.validation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The checks Kubernetes runs on the metadata of an object being created: name or generateName, namespace,
 * generation, labels and annotations. Errors carry the paths Kubernetes uses ({@code metadata.name},
 * {@code metadata.labels}...), in the order Kubernetes reports them.
 *
 * <p>Kubernetes generates the name from {@code generateName} before it validates, then checks both. This class
 * also accepts metadata that has a {@code generateName} but no name yet; run it after generating the name to get
 * Kubernetes' results exactly. Owner references and managed fields are not checked here.
 */
public final class ObjectMetaValidation {
    /** The most bytes all annotation keys and values of one object may take together. */
    public static final int TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

    /** The finalizer that makes the garbage collector orphan an object's dependents before it goes. */
    public static final String ORPHAN_FINALIZER = "orphan";
    /** The finalizer that makes the garbage collector delete an object's dependents before it goes. */
    public static final String FOREGROUND_FINALIZER = "foregroundDeletion";

    private static final String METADATA = "metadata";

    private ObjectMetaValidation() {}

    /**
     * Validates the {@code metadata} object of an incoming object.
     *
     * @param metadata the metadata object; null or JSON null count as empty metadata
     * @param namespaced whether the resource lives in a namespace
     * @param nameRule the format of the resource's names
     */
    // k/k staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go ValidateObjectMetaAccessor: generateName, name, then the common checks.
    public static List<FieldError> validate(JsonNode metadata, boolean namespaced, NameRule nameRule) {
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            return List.of(typeMismatch(METADATA, metadata, "object"));
        }
        List<FieldError> errors = new ArrayList<>();
        String generateName = stringField(metadata, "generateName", errors);
        String name = stringField(metadata, "name", errors);
        String namespace = stringField(metadata, "namespace", errors);
        if (generateName == null || name == null || namespace == null) {
            return List.copyOf(errors);
        }

        if (!generateName.isEmpty()) {
            nameRule.validate(generateName, true).forEach(
                    message -> errors.add(FieldError.invalid(METADATA + ".generateName", generateName, message)));
        }
        if (name.isEmpty() && generateName.isEmpty()) {
            errors.add(FieldError.required(METADATA + ".name", "name or generateName is required"));
        } else if (!name.isEmpty()) {
            nameRule.validate(name, false)
                    .forEach(message -> errors.add(FieldError.invalid(METADATA + ".name", name, message)));
        }
        errors.addAll(validateNamespace(namespace, namespaced));
        errors.addAll(validateGeneration(metadata));
        errors.addAll(validateLabels(stringMap(metadata, "labels", errors), METADATA + ".labels"));
        errors.addAll(validateAnnotations(stringMap(metadata, "annotations", errors), METADATA + ".annotations"));
        errors.addAll(validateFinalizers(stringList(metadata, "finalizers", errors), METADATA + ".finalizers"));
        return List.copyOf(errors);
    }

    /** Each finalizer must be a qualified name, and "orphan" and "foregroundDeletion" exclude each other. */
    // k/k staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go ValidateFinalizers: names, then the pair.
    public static List<FieldError> validateFinalizers(List<String> finalizers, String field) {
        List<FieldError> errors = new ArrayList<>();
        for (String finalizer : finalizers) {
            NameValidation.isQualifiedName(finalizer).forEach(m -> errors.add(FieldError.invalid(field, finalizer, m)));
        }
        if (finalizers.contains(ORPHAN_FINALIZER) && finalizers.contains(FOREGROUND_FINALIZER)) {
            errors.add(FieldError.invalid(field, finalizers, "finalizer " + ORPHAN_FINALIZER + " and "
                    + FOREGROUND_FINALIZER + " cannot be both set"));
        }
        return List.copyOf(errors);
    }

    /** Checks each label key as a qualified name and each value as a label value; all errors are on {@code field}. */
    // k/k staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go ValidateLabels: one error per message, reported on the map itself.
    public static List<FieldError> validateLabels(Map<String, String> labels, String field) {
        List<FieldError> errors = new ArrayList<>();
        labels.forEach((key, value) -> {
            NameValidation.isQualifiedName(key).forEach(m -> errors.add(FieldError.invalid(field, key, m)));
            NameValidation.isValidLabelValue(value).forEach(m -> errors.add(FieldError.invalid(field, value, m)));
        });
        return List.copyOf(errors);
    }

    /** Checks each annotation key as a qualified name in any case, then the total size of keys and values. */
    // k/k staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go ValidateAnnotations: keys lowercased before the check, 256 KiB in all.
    public static List<FieldError> validateAnnotations(Map<String, String> annotations, String field) {
        List<FieldError> errors = new ArrayList<>();
        long totalBytes = 0;
        for (Map.Entry<String, String> annotation : annotations.entrySet()) {
            String key = annotation.getKey();
            NameValidation.isQualifiedName(key.toLowerCase(Locale.ROOT))
                    .forEach(m -> errors.add(FieldError.invalid(field, key, m)));
            totalBytes += utf8Length(key) + utf8Length(annotation.getValue());
        }
        if (totalBytes > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) {
            errors.add(FieldError.tooLong(field, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
        }
        return List.copyOf(errors);
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go validateObjectMetaAccessorWithOptsCommon: required when namespaced, forbidden otherwise.
    private static List<FieldError> validateNamespace(String namespace, boolean namespaced) {
        String field = METADATA + ".namespace";
        if (!namespaced) {
            return namespace.isEmpty() ? List.of() : List.of(FieldError.forbidden(field, "not allowed on this type"));
        }
        if (namespace.isEmpty()) {
            return List.of(FieldError.required(field, ""));
        }
        return NameRule.DNS1123_LABEL.validate(namespace, false).stream()
                .map(message -> FieldError.invalid(field, namespace, message))
                .toList();
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/api/validation/generic.go ValidateNonnegativeField: generation may not be negative.
    private static List<FieldError> validateGeneration(JsonNode metadata) {
        JsonNode generation = metadata == null ? null : metadata.get("generation");
        if (generation != null && generation.isIntegralNumber() && generation.longValue() < 0) {
            return List.of(FieldError.invalid(METADATA + ".generation", generation.longValue(),
                    "must be greater than or equal to 0"));
        }
        return List.of();
    }

    /** The string at {@code name}; absent or null reads as "", as Go decodes it. Another type is an error and null. */
    private static String stringField(JsonNode metadata, String name, List<FieldError> errors) {
        JsonNode node = metadata == null ? null : metadata.get(name);
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isString()) {
            errors.add(typeMismatch(METADATA + "." + name, node, "string"));
            return null;
        }
        return node.stringValue();
    }

    /** The string map at {@code name}, in document order; null values read as "". Other types are errors. */
    private static Map<String, String> stringMap(JsonNode metadata, String name, List<FieldError> errors) {
        Map<String, String> map = new LinkedHashMap<>();
        JsonNode node = metadata == null ? null : metadata.get(name);
        if (node == null || node.isNull()) {
            return map;
        }
        if (!node.isObject()) {
            errors.add(typeMismatch(METADATA + "." + name, node, "object"));
            return map;
        }
        node.properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            if (value.isNull() || value.isString()) {
                map.put(entry.getKey(), value.isNull() ? "" : value.stringValue());
            } else {
                errors.add(typeMismatch(METADATA + "." + name + "." + entry.getKey(), value, "string"));
            }
        });
        return map;
    }

    /** The string list at {@code name}, in order; absent or null reads as empty. Other types are errors. */
    private static List<String> stringList(JsonNode metadata, String name, List<FieldError> errors) {
        JsonNode node = metadata == null ? null : metadata.get(name);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(typeMismatch(METADATA + "." + name, node, "array"));
            return List.of();
        }
        List<String> list = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (item.isString()) {
                list.add(item.stringValue());
            } else {
                errors.add(typeMismatch(METADATA + "." + name + "[" + i + "]", item, "string"));
            }
        }
        return list;
    }

    // Skiff's own rule: Kubernetes rejects a mistyped field while decoding; Skiff reports it as a field error.
    private static FieldError typeMismatch(String field, JsonNode node, String expected) {
        return FieldError.typeInvalid(field, node.getNodeType().name().toLowerCase(Locale.ROOT),
                "must be of type " + expected);
    }

    private static long utf8Length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }
}
