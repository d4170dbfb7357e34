package skiff.apiserver.http;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;

/**
 * The rules on resourceVersionMatch and sendInitialEvents, which differ between lists and watches (k/k apimachinery
 * pkg/apis/meta/internalversion/validation ValidateListOptions, with the WatchList feature on).
 */
final class ListOptionsValidation {
    private static final String NOT_OLDER_THAN = "NotOlderThan";
    private static final String EXACT = "Exact";

    private ListOptionsValidation() {}

    /**
     * @param sendInitialEvents the parameter as given, null when absent
     */
    static List<FieldError> validate(boolean watch, String resourceVersion, String match, String continueToken,
            String sendInitialEvents) {
        return watch ? watch(match, continueToken, sendInitialEvents)
                : list(resourceVersion, match, continueToken, sendInitialEvents);
    }

    private static List<FieldError> list(String resourceVersion, String match, String continueToken,
            String sendInitialEvents) {
        List<FieldError> errors = new ArrayList<>();
        if (!match.isEmpty()) {
            if (resourceVersion.isEmpty()) {
                errors.add(FieldError.forbidden("resourceVersionMatch",
                        "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            }
            if (!continueToken.isEmpty()) {
                errors.add(FieldError.forbidden("resourceVersionMatch",
                        "resourceVersionMatch is forbidden when continue is provided"));
            }
            if (!match.equals(EXACT) && !match.equals(NOT_OLDER_THAN)) {
                errors.add(FieldError.notSupported("resourceVersionMatch", match, List.of(EXACT, NOT_OLDER_THAN, "")));
            }
            if (match.equals(EXACT) && resourceVersion.equals("0")) {
                errors.add(FieldError.forbidden("resourceVersionMatch",
                        "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
            }
        }
        if (sendInitialEvents != null) {
            errors.add(FieldError.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
        }
        return errors;
    }

    private static List<FieldError> watch(String match, String continueToken, String sendInitialEvents) {
        List<FieldError> errors = new ArrayList<>();
        if (sendInitialEvents != null && !match.equals(NOT_OLDER_THAN)) {
            errors.add(FieldError.forbidden("resourceVersionMatch",
                    "sendInitialEvents requires setting resourceVersionMatch to " + NOT_OLDER_THAN));
        }
        if (!match.isEmpty()) {
            if (sendInitialEvents == null) {
                errors.add(FieldError.forbidden("resourceVersionMatch",
                        "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            }
            if (!match.equals(NOT_OLDER_THAN)) {
                errors.add(FieldError.notSupported("resourceVersionMatch", match, List.of(NOT_OLDER_THAN)));
            }
            if (!continueToken.isEmpty()) {
                errors.add(FieldError.forbidden("resourceVersionMatch",
                        "resourceVersionMatch is forbidden when continue is provided"));
            }
        }
        return errors;
    }
}
