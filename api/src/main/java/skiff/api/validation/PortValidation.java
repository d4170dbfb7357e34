package skiff.api.validation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The format rules for port numbers and port names. Each method returns the reasons the value breaks the rule,
 * worded as Kubernetes words them, or an empty list when the value is valid.
 */
public final class PortValidation {
    private static final Pattern PORT_NAME_CHARSET = Pattern.compile("[-a-z0-9]+");
    private static final Pattern ONE_LETTER = Pattern.compile(".*[a-z].*", Pattern.DOTALL);
    private static final int PORT_NAME_MAX = 15;

    private PortValidation() {}

    // k/k staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go InclusiveRangeError.
    public static String inclusiveRangeError(long lo, long hi) {
        return "must be between " + lo + " and " + hi + ", inclusive";
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go IsValidPortNum: 1 to 65535.
    public static List<String> isValidPortNum(long port) {
        return port >= 1 && port <= 65535 ? List.of() : List.of(inclusiveRangeError(1, 65535));
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go IsValidPortName: at most 15 characters of
    // [-a-z0-9], at least one letter, no "--", no hyphen at either end; every broken rule is reported.
    public static List<String> isValidPortName(String port) {
        List<String> errors = new ArrayList<>();
        if (port.getBytes(StandardCharsets.UTF_8).length > PORT_NAME_MAX) {
            errors.add("must be no more than " + PORT_NAME_MAX + " characters");
        }
        if (!PORT_NAME_CHARSET.matcher(port).matches()) {
            errors.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (!ONE_LETTER.matcher(port).matches()) {
            errors.add("must contain at least one letter (a-z)");
        }
        if (port.contains("--")) {
            errors.add("must not contain consecutive hyphens");
        }
        if (!port.isEmpty() && (port.charAt(0) == '-' || port.charAt(port.length() - 1) == '-')) {
            errors.add("must not begin or end with a hyphen");
        }
        return List.copyOf(errors);
    }
}
