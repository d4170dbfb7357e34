package skiff.apiserver.registry.apps;

import java.util.List;
import java.util.regex.Pattern;
import skiff.api.validation.FieldError;
import tools.jackson.databind.JsonNode;

/** A rolling update's maxUnavailable or maxSurge: a non-negative number, or a percentage like "25%". */
public final class IntOrPercent {
    private static final Pattern PERCENT = Pattern.compile("[0-9]+%");
    // k/k staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go IsValidPercent and RegexError.
    private static final String PERCENT_MESSAGE = "a valid percent string must be a numeric string followed by an "
            + "ending '%' (e.g. '1%', or '93%', regex used for validation is '[0-9]+%')";

    private IntOrPercent() {}

    // k/k pkg/apis/apps/validation/validation.go ValidatePositiveIntOrPercent.
    public static List<FieldError> validatePositive(JsonNode value, String path) {
        if (value != null && value.isString()) {
            return PERCENT.matcher(value.stringValue()).matches() ? List.of()
                    : List.of(FieldError.invalid(path, value, PERCENT_MESSAGE));
        }
        long number = value == null ? 0 : value.asLong(0);
        return number < 0 ? List.of(FieldError.invalid(path, number, "must be greater than or equal to 0")) : List.of();
    }

    // k/k apps validation.go IsNotMoreThan100Percent: only percentages are capped.
    public static List<FieldError> notMoreThan100Percent(JsonNode value, String path) {
        if (value != null && value.isString() && PERCENT.matcher(value.stringValue()).matches()
                && percent(value.stringValue()) > 100) {
            return List.of(FieldError.invalid(path, value, "must not be greater than 100%"));
        }
        return List.of();
    }

    // k/k apps validation.go getIntOrPercentValue: a percentage's number, else the integer (a malformed string is 0).
    static long value(JsonNode value) {
        if (value == null || value.isNull()) {
            return 0;
        }
        if (value.isString()) {
            String s = value.stringValue();
            if (PERCENT.matcher(s).matches()) {
                return percent(s);
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return value.asLong(0);
    }

    private static long percent(String s) {
        try {
            return Long.parseLong(s.substring(0, s.length() - 1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
