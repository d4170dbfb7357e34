package skiff.apiserver.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import skiff.api.validation.FieldError;
import skiff.api.validation.GoQuotedString;
import skiff.apiserver.registry.DeleteOptions;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;

/**
 * The options of a DELETE: from the body when there is one, else from the query (k/k
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/delete.go DeleteResource), then validated as metav1
 * DeleteOptions.
 */
final class DeleteRequestOptions {
    private static final List<String> POLICIES = List.of("Foreground", "Background", "Orphan");
    // docs pkg.go.dev/strconv#ParseBool: the spellings Go accepts for a boolean query parameter.
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
    private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

    private DeleteRequestOptions() {}

    static DeleteOptions read(Exchange ex) {
        DeleteOptions options = ex.body().length > 0 ? fromBody(ex.bodyTree()) : fromQuery(ex);
        List<FieldError> errors = validate(options);
        if (!errors.isEmpty()) {
            throw StatusException.invalid("meta.k8s.io", "DeleteOptions", "", errors);
        }
        return options;
    }

    /** DeleteOptions carried inside another object (an Eviction), validated as those of a DELETE. */
    static DeleteOptions embedded(JsonNode options) {
        DeleteOptions parsed = fromBody(options);
        List<FieldError> errors = validate(parsed);
        if (!errors.isEmpty()) {
            throw StatusException.invalid("meta.k8s.io", "DeleteOptions", "", errors);
        }
        return parsed;
    }

    private static DeleteOptions fromBody(JsonNode body) {
        if (!body.isObject()) {
            throw typeError(body, "Go value", "v1.DeleteOptions");
        }
        JsonNode grace = body.path("gracePeriodSeconds");
        if (present(grace) && !(grace.isIntegralNumber() && grace.canConvertToLong())) {
            throw typeError(grace, "Go struct field DeleteOptions.gracePeriodSeconds", "int64");
        }
        String policy = string(body, "propagationPolicy", "DeleteOptions.propagationPolicy", "v1.DeletionPropagation");
        JsonNode orphan = body.path("orphanDependents");
        if (present(orphan) && !orphan.isBoolean()) {
            throw typeError(orphan, "Go struct field DeleteOptions.orphanDependents", "bool");
        }
        JsonNode pre = body.path("preconditions");
        if (present(pre) && !pre.isObject()) {
            throw typeError(pre, "Go struct field DeleteOptions.preconditions", "v1.Preconditions");
        }
        String uid = string(pre, "uid", "Preconditions.preconditions.uid", "types.UID");
        String rv = string(pre, "resourceVersion", "Preconditions.preconditions.resourceVersion", "string");
        JsonNode dryRunNode = body.path("dryRun");
        if (present(dryRunNode) && !dryRunNode.isArray()) {
            throw typeError(dryRunNode, "Go struct field DeleteOptions.dryRun", "[]string");
        }
        List<String> dryRun = new ArrayList<>();
        for (JsonNode v : dryRunNode) {
            if (!v.isString()) {
                throw typeError(v, "Go struct field DeleteOptions.dryRun", "string");
            }
            dryRun.add(v.asString());
        }
        return new DeleteOptions(present(grace) ? grace.asLong() : null, policy,
                present(orphan) ? orphan.asBoolean() : null, uid, rv, RequestOptions.dryRun(dryRun));
    }

    private static boolean present(JsonNode node) {
        return !node.isMissingNode() && !node.isNull();
    }

    private static String string(JsonNode object, String field, String goField, String goType) {
        JsonNode node = object.path(field);
        if (!present(node)) {
            return null;
        }
        if (!node.isString()) {
            throw typeError(node, "Go struct field " + goField, goType);
        }
        return node.asString();
    }

    // k/k apiserver endpoints/handlers/delete.go: the body's decoding error, as encoding/json's UnmarshalTypeError
    // words it (a number meant for an integer names its text), is the message of a BadRequest.
    private static StatusException typeError(JsonNode value, String target, String goType) {
        String kind = value.isNumber() ? (goType.equals("int64") ? "number " + value.asString() : "number")
                : value.isString() ? "string"
                : value.isBoolean() ? "bool" : value.isArray() ? "array" : "object";
        return StatusException.badRequest("json: cannot unmarshal " + kind + " into " + target + " of type " + goType);
    }

    private static DeleteOptions fromQuery(Exchange ex) {
        String grace = ex.param("gracePeriodSeconds");
        String orphan = ex.param("orphanDependents");
        return new DeleteOptions(grace == null ? null : integer(grace),
                ex.param("propagationPolicy"), orphan == null ? null : bool(orphan), null, null,
                RequestOptions.dryRun(ex.params("dryRun")));
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go ValidateDeleteOptions.
    static List<FieldError> validate(DeleteOptions options) {
        List<FieldError> errors = new ArrayList<>();
        if (options.orphanDependents() != null && options.propagationPolicy() != null) {
            errors.add(FieldError.invalid("propagationPolicy", options.propagationPolicy(),
                    "orphanDependents and deletionPropagation cannot be both set"));
        }
        if (options.propagationPolicy() != null && !POLICIES.contains(options.propagationPolicy())) {
            List<String> supported = new ArrayList<>(POLICIES);
            supported.add("nil");
            errors.add(FieldError.notSupported("propagationPolicy", options.propagationPolicy(), supported));
        }
        return errors;
    }

    private static long integer(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw StatusException.badRequest("strconv.ParseInt: parsing " + GoQuotedString.of(value)
                    + ": invalid syntax");
        }
    }

    private static boolean bool(String value) {
        if (TRUE.contains(value)) {
            return true;
        }
        if (FALSE.contains(value)) {
            return false;
        }
        throw StatusException.badRequest("strconv.ParseBool: parsing " + GoQuotedString.of(value)
                + ": invalid syntax");
    }
}
