package skiff.apiserver.apiextensions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameRule;
import skiff.apiserver.registry.admissionregistration.WebhookClientConfigValidation;
import tools.jackson.databind.JsonNode;

/**
 * The rules a v1 CustomResourceDefinition must follow (k/k 1.32 apiextensions-apiserver
 * pkg/apis/apiextensions/validation/validation.go ValidateCustomResourceDefinition and ...Update).
 */
final class CrdValidation {
    private static final List<String> SCOPES = List.of("Cluster", "Namespaced");
    private static final List<String> STRATEGIES = List.of("None", "Webhook");
    // validation.go acceptedConversionReviewVersions, sorted.
    private static final List<String> REVIEW_VERSIONS = List.of("v1", "v1beta1");
    private static final List<String> COLUMN_TYPES = List.of("boolean", "date", "integer", "number", "string");

    private CrdValidation() {}

    // validation.go ValidateCustomResourceDefinition: a new CRD's caBundle is not checked here; an invalid one keeps it
    // from being Established (establishing_controller.go).
    static List<FieldError> validate(JsonNode crd) {
        return validate(crd, true, true);
    }

    private static List<FieldError> validate(JsonNode crd, boolean requireRecognizedReviewVersion,
            boolean allowInvalidCaBundle) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asString("");
        String plural = spec.path("names").path("plural").asString("");
        String name = crd.path("metadata").path("name").asString("");
        if (!name.equals(plural + "." + group)) {
            errors.add(FieldError.invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }
        if (group.isEmpty()) {
            errors.add(FieldError.required("spec.group", ""));
        } else {
            List<String> bad = NameRule.DNS1123_SUBDOMAIN.validate(group, false);
            if (!bad.isEmpty()) {
                errors.add(FieldError.invalid("spec.group", group, String.join(",", bad)));
            } else if (!group.contains(".")) {
                errors.add(FieldError.invalid("spec.group", group, "should be a domain with at least one dot"));
            }
        }
        String scope = spec.path("scope").asString("");
        if (scope.isEmpty()) {
            errors.add(FieldError.required("spec.scope", ""));
        } else if (!SCOPES.contains(scope)) {
            errors.add(FieldError.notSupported("spec.scope", scope, SCOPES));
        }
        names(spec.path("names"), "spec.names", errors);
        versions(spec.path("versions"), errors);
        conversion(spec.path("conversion"), requireRecognizedReviewVersion, allowInvalidCaBundle, errors);
        if (spec.path("preserveUnknownFields").asBoolean(false)) {
            errors.add(FieldError.invalid("spec.preserveUnknownFields", true, "cannot set to true, set "
                    + "x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead"));
        }
        storedVersions(crd, errors);
        return errors;
    }

    static List<FieldError> validateUpdate(JsonNode crd, JsonNode old) {
        // strategy.go ValidateUpdate: an unknown conversionReviewVersion is kept if the old CRD already had no known one.
        // validation.go allowInvalidCABundle: a caBundle may be invalid while the CRD is not Established or if it was.
        JsonNode oldWebhook = old.path("spec").path("conversion").path("webhook");
        boolean allowInvalidCaBundle = !CrdConditions.isTrue(old, CrdConditions.ESTABLISHED)
                || (!CaBundles.of(oldWebhook).isEmpty() && CaBundles.problem(CaBundles.of(oldWebhook)).isPresent());
        List<FieldError> errors = new ArrayList<>(validate(crd, knownOrNoReviewVersion(oldWebhook),
                allowInvalidCaBundle));
        JsonNode spec = crd.path("spec");
        JsonNode was = old.path("spec");
        immutable(spec.path("group"), was.path("group"), "spec.group", errors);
        immutable(spec.path("names").path("plural"), was.path("names").path("plural"), "spec.names.plural", errors);
        if (CrdConditions.isTrue(old, CrdConditions.ESTABLISHED)) {
            immutable(spec.path("scope"), was.path("scope"), "spec.scope", errors);
            immutable(spec.path("names").path("kind"), was.path("names").path("kind"), "spec.names.kind", errors);
        }
        return errors;
    }

    // validation.go validateCustomResourceConversion, on the internal CRD: v1's webhook.clientConfig and
    // webhook.conversionReviewVersions are its conversion.webhookClientConfig and conversion.conversionReviewVersions,
    // and the errors carry those paths.
    private static void conversion(JsonNode conversion, boolean requireRecognizedReviewVersion,
            boolean allowInvalidCaBundle, List<FieldError> errors) {
        if (!conversion.isObject()) {
            return;
        }
        String path = "spec.conversion";
        String strategy = conversion.path("strategy").asString("");
        if (strategy.isEmpty()) {
            errors.add(FieldError.required(path + ".strategy", ""));
        } else if (!STRATEGIES.contains(strategy)) {
            errors.add(FieldError.notSupported(path + ".strategy", strategy, STRATEGIES));
        }
        JsonNode webhook = conversion.path("webhook");
        JsonNode clientConfig = webhook.path("clientConfig");
        JsonNode reviewVersions = webhook.path("conversionReviewVersions");
        String at = path + ".webhookClientConfig";
        if (!strategy.equals("Webhook")) {
            if (clientConfig.isObject()) {
                errors.add(FieldError.forbidden(at, "should not be set when strategy is not set to Webhook"));
            }
            if (!reviewVersions.isEmpty()) {
                errors.add(FieldError.forbidden(path + ".conversionReviewVersions",
                        "should not be set when strategy is not set to Webhook"));
            }
            return;
        }
        if (!clientConfig.isObject()) {
            errors.add(FieldError.required(at, "required when strategy is set to Webhook"));
        } else if (clientConfig.hasNonNull("url") == clientConfig.hasNonNull("service")) {
            errors.add(FieldError.required(at, "exactly one of url or service is required"));
        } else if (clientConfig.hasNonNull("url")) {
            WebhookClientConfigValidation.validateUrl(clientConfig.path("url").asString(""), at + ".url", errors);
        } else {
            WebhookClientConfigValidation.validateService(clientConfig.path("service"), at + ".service", errors);
        }
        String caBundle = CaBundles.of(webhook);
        if (!allowInvalidCaBundle) {
            CaBundles.problem(caBundle).ifPresent(p -> errors.add(FieldError.invalid(at + ".caBundle", caBundle, p)));
        }
        reviewVersions(reviewVersions, requireRecognizedReviewVersion, path + ".conversionReviewVersions", errors);
    }

    // validation.go validateConversionReviewVersions.
    private static void reviewVersions(JsonNode versions, boolean requireRecognized, String path,
            List<FieldError> errors) {
        if (versions.isEmpty()) {
            errors.add(FieldError.required(path, ""));
            return;
        }
        Set<String> seen = new HashSet<>();
        List<String> all = new ArrayList<>();
        boolean recognized = false;
        for (int i = 0; i < versions.size(); i++) {
            String v = versions.get(i).asString("");
            all.add(v);
            if (!seen.add(v)) {
                errors.add(FieldError.invalid(path + "[" + i + "]", v, "duplicate version"));
                continue;
            }
            for (String problem : NameRule.DNS1035_LABEL.validate(v, false)) {
                errors.add(FieldError.invalid(path + "[" + i + "]", v, problem));
            }
            recognized |= REVIEW_VERSIONS.contains(v);
        }
        if (requireRecognized && !recognized) {
            errors.add(FieldError.invalid(path, all, "must include at least one of "
                    + String.join(", ", REVIEW_VERSIONS)));
        }
    }

    // validation.go hasValidConversionReviewVersionOrEmpty.
    private static boolean knownOrNoReviewVersion(JsonNode webhook) {
        JsonNode versions = webhook.path("conversionReviewVersions");
        boolean known = versions.isEmpty();
        for (JsonNode v : versions) {
            known |= REVIEW_VERSIONS.contains(v.asString(""));
        }
        return known;
    }

    private static void immutable(JsonNode now, JsonNode was, String path, List<FieldError> errors) {
        if (!now.equals(was)) {
            errors.add(FieldError.invalid(path, now.asString(""), "field is immutable"));
        }
    }

    // validation.go ValidateCustomResourceDefinitionNames.
    static void names(JsonNode names, String path, List<FieldError> errors) {
        String plural = names.path("plural").asString("");
        String kind = names.path("kind").asString("");
        String listKind = names.path("listKind").asString("");
        label(names.path("plural").asString(""), path + ".plural", errors, true);
        label(names.path("singular").asString(""), path + ".singular", errors, false);
        if (kind.isEmpty()) {
            errors.add(FieldError.required(path + ".kind", ""));
        } else {
            mixedCase(kind, path + ".kind", errors);
        }
        if (listKind.isEmpty()) {
            errors.add(FieldError.required(path + ".listKind", ""));
        } else {
            mixedCase(listKind, path + ".listKind", errors);
            if (listKind.equals(kind)) {
                errors.add(FieldError.invalid(path + ".listKind", listKind, "kind and listKind may not be the same"));
            }
        }
        int i = 0;
        for (JsonNode shortName : names.path("shortNames")) {
            label(shortName.asString(""), path + ".shortNames[" + i++ + "]", errors, false);
        }
        i = 0;
        for (JsonNode category : names.path("categories")) {
            label(category.asString(""), path + ".categories[" + i++ + "]", errors, false);
        }
        if (plural.isEmpty() && errors.stream().noneMatch(e -> e.field().equals(path + ".plural"))) {
            errors.add(FieldError.required(path + ".plural", ""));
        }
    }

    private static void label(String value, String path, List<FieldError> errors, boolean required) {
        if (value.isEmpty()) {
            if (required) {
                errors.add(FieldError.required(path, ""));
            }
            return;
        }
        List<String> bad = NameRule.DNS1035_LABEL.validate(value, false);
        if (!bad.isEmpty()) {
            errors.add(FieldError.invalid(path, value, String.join(",", bad)));
        }
    }

    private static void mixedCase(String kind, String path, List<FieldError> errors) {
        List<String> bad = NameRule.DNS1035_LABEL.validate(kind.toLowerCase(Locale.ROOT), false);
        if (!bad.isEmpty()) {
            errors.add(FieldError.invalid(path, kind, "may have mixed case, but should otherwise match: "
                    + String.join(",", bad)));
        }
    }

    private static void versions(JsonNode versions, List<FieldError> errors) {
        if (!versions.isArray() || versions.isEmpty()) {
            errors.add(FieldError.invalid("spec.versions", versions.isArray() ? versions : List.of(),
                    "must have exactly one version marked as storage version"));
            return;
        }
        int storage = 0;
        Set<String> names = new HashSet<>();
        boolean served = false;
        // Kubernetes validates its internal CRD, in which identical per-version schemas become one
        // spec.validation (k/k 1.32 apiextensions v1 conversion.go): rule errors then carry that path.
        boolean shared = true;
        for (JsonNode v : versions) {
            shared &= v.path("schema").equals(versions.get(0).path("schema"));
        }
        for (int i = 0; i < versions.size(); i++) {
            JsonNode v = versions.get(i);
            String path = "spec.versions[" + i + "]";
            String name = v.path("name").asString("");
            if (name.isEmpty()) {
                errors.add(FieldError.required(path + ".name", ""));
            } else {
                label(name, path + ".name", errors, true);
                if (!names.add(name)) {
                    errors.add(FieldError.invalid("spec.versions", versions, "must contain unique version names"));
                }
            }
            for (String problem : deprecationWarning(v)) {
                errors.add(FieldError.invalid(path + ".deprecationWarning", v.path("deprecationWarning").asString(""),
                        problem));
            }
            storage += v.path("storage").asBoolean(false) ? 1 : 0;
            served |= v.path("served").asBoolean(false);
            JsonNode schema = v.path("schema").path("openAPIV3Schema");
            if (!schema.isObject()) {
                errors.add(FieldError.required(path + ".schema.openAPIV3Schema", "schemas are required"));
            } else {
                List<FieldError> structural = StructuralChecks.check(schema, path + ".schema.openAPIV3Schema");
                errors.addAll(structural);
                if (structural.isEmpty() && (!shared || i == 0)) {
                    errors.addAll(CelSchemaChecks.check(StructuralSchema.of(schema), shared
                            ? "spec.validation.openAPIV3Schema" : path + ".schema.openAPIV3Schema"));
                }
            }
            columns(v.path("additionalPrinterColumns"), path + ".additionalPrinterColumns", errors);
            scale(v.path("subresources").path("scale"), path + ".subresources.scale", errors);
        }
        if (storage != 1) {
            errors.add(FieldError.invalid("spec.versions", versions,
                    "must have exactly one version marked as storage version"));
        }
        if (!served) {
            errors.add(FieldError.invalid("spec.versions", versions, "must have at least one served version"));
        }
    }

    // validation.go validateDeprecationWarning: only on deprecated versions, 1 to 256 bytes, printable (its
    // control-character check comes after the printable one, which already refuses them). Go indexes the offending
    // character by its byte offset.
    private static List<String> deprecationWarning(JsonNode version) {
        JsonNode warning = version.get("deprecationWarning");
        if (warning == null || warning.isNull()) {
            return List.of();
        }
        if (!version.path("deprecated").asBoolean(false)) {
            return List.of("can only be set for deprecated versions");
        }
        String text = warning.asString("");
        List<String> problems = new ArrayList<>();
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > 256) {
            problems.add("must be <= 256 characters long");
        }
        if (bytes == 0) {
            problems.add("must not be an empty string");
        }
        int offset = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!printable(cp)) {
                problems.add("must only contain printable UTF-8 characters; non-printable character found at index "
                        + offset);
                break;
            }
            offset += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            i += Character.charCount(cp);
        }
        return problems;
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static boolean printable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED -> false;
            default -> true;
        };
    }

    private static void columns(JsonNode columns, String path, List<FieldError> errors) {
        for (int i = 0; i < columns.size(); i++) {
            JsonNode c = columns.get(i);
            String at = path + "[" + i + "]";
            if (c.path("name").asString("").isEmpty()) {
                errors.add(FieldError.required(at + ".name", ""));
            }
            String type = c.path("type").asString("");
            if (type.isEmpty()) {
                errors.add(FieldError.required(at + ".type", ""));
            } else if (!COLUMN_TYPES.contains(type)) {
                errors.add(FieldError.notSupported(at + ".type", type, COLUMN_TYPES));
            }
            if (c.path("priority").asInt(0) < 0) {
                errors.add(FieldError.invalid(at + ".priority", c.path("priority").asInt(), "cannot be negative"));
            }
            String jsonPath = c.path("jsonPath").asString("");
            if (jsonPath.isEmpty()) {
                errors.add(FieldError.required(at + ".jsonPath", ""));
            } else if (!JsonPathValue.valid(jsonPath)) {
                errors.add(FieldError.invalid(at + ".jsonPath", jsonPath, "must be a simple json path"));
            }
        }
    }

    private static void scale(JsonNode scale, String path, List<FieldError> errors) {
        if (!scale.isObject()) {
            return;
        }
        String spec = scale.path("specReplicasPath").asString("");
        if (spec.isEmpty()) {
            errors.add(FieldError.required(path + ".specReplicasPath", ""));
        } else if (!spec.startsWith(".spec.") || !JsonPathValue.valid(spec)) {
            errors.add(FieldError.invalid(path + ".specReplicasPath", spec, "should be a json path under .spec"));
        }
        String status = scale.path("statusReplicasPath").asString("");
        if (status.isEmpty()) {
            errors.add(FieldError.required(path + ".statusReplicasPath", ""));
        } else if (!status.startsWith(".status.") || !JsonPathValue.valid(status)) {
            errors.add(FieldError.invalid(path + ".statusReplicasPath", status,
                    "should be a json path under .status"));
        }
        String selector = scale.path("labelSelectorPath").asString("");
        if (!selector.isEmpty() && (!(selector.startsWith(".spec.") || selector.startsWith(".status."))
                || !JsonPathValue.valid(selector))) {
            errors.add(FieldError.invalid(path + ".labelSelectorPath", selector,
                    "should be a json path under either .spec or .status"));
        }
    }

    // validation.go ValidateCustomResourceDefinitionStoredVersions.
    private static void storedVersions(JsonNode crd, List<FieldError> errors) {
        JsonNode stored = crd.path("status").path("storedVersions");
        if (!stored.isArray()) {
            return;
        }
        Set<String> versions = new HashSet<>();
        String storage = null;
        for (JsonNode v : crd.path("spec").path("versions")) {
            versions.add(v.path("name").asString(""));
            if (v.path("storage").asBoolean(false)) {
                storage = v.path("name").asString("");
            }
        }
        boolean hasStorage = false;
        for (int i = 0; i < stored.size(); i++) {
            String v = stored.get(i).asString("");
            hasStorage |= v.equals(storage);
            if (!versions.contains(v)) {
                errors.add(FieldError.invalid("status.storedVersions[" + i + "]", v, "must appear in spec.versions"));
            }
        }
        if (storage != null && !stored.isEmpty() && !hasStorage) {
            errors.add(FieldError.invalid("status.storedVersions", stored, "must have the storage version "
                    + storage));
        }
    }
}
