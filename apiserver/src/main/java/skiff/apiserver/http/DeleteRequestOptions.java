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
        Long grace = body.hasNonNull("gracePeriodSeconds") ? body.get("gracePeriodSeconds").asLong() : null;
        String policy = body.hasNonNull("propagationPolicy") ? body.get("propagationPolicy").asString() : null;
        Boolean orphan = body.hasNonNull("orphanDependents") ? body.get("orphanDependents").asBoolean() : null;
        JsonNode pre = body.path("preconditions");
        String uid = pre.hasNonNull("uid") ? pre.get("uid").asString() : null;
        String rv = pre.hasNonNull("resourceVersion") ? pre.get("resourceVersion").asString() : null;
        List<String> dryRun = new ArrayList<>();
        body.path("dryRun").forEach(v -> dryRun.add(v.asString("")));
        return new DeleteOptions(grace, policy, orphan, uid, rv, RequestOptions.dryRun(dryRun));
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
