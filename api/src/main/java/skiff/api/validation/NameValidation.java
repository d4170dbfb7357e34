package skiff.api.validation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The format rules for names, label keys and label values. Each method returns the reasons the value breaks the rule,
 * worded as Kubernetes words them, or an empty list when the value is valid.
 *
 * <p>Lengths count UTF-8 bytes, as Kubernetes does. Kubernetes 1.36 says "characters" in the length message of the
 * DNS name rules and "bytes" in that of the label rules (including a label key's DNS prefix); both are kept.
 */
public final class NameValidation {
    static final String DNS1123_LABEL_FORMAT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    static final String DNS1123_SUBDOMAIN_FORMAT = DNS1123_LABEL_FORMAT + "(\\." + DNS1123_LABEL_FORMAT + ")*";
    static final String DNS1035_LABEL_FORMAT = "[a-z]([-a-z0-9]*[a-z0-9])?";
    static final String LABEL_KEY_NAME_FORMAT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    static final String LABEL_VALUE_FORMAT = "(" + LABEL_KEY_NAME_FORMAT + ")?";

    private static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FORMAT);
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FORMAT);
    private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FORMAT);
    private static final Pattern LABEL_KEY_NAME = Pattern.compile(LABEL_KEY_NAME_FORMAT);
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FORMAT);
    private static final String CONFIG_MAP_KEY_FORMAT = "[-._a-zA-Z0-9]+";
    private static final Pattern CONFIG_MAP_KEY = Pattern.compile(CONFIG_MAP_KEY_FORMAT);

    private static final String DNS1123_LABEL_MESSAGE = "a lowercase RFC 1123 label must consist of lower case "
            + "alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private static final String DNS1123_SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private static final String DNS1035_LABEL_MESSAGE = "a DNS-1035 label must consist of lower case alphanumeric "
            + "characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private static final String LABEL_KEY_MESSAGE = "must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character";
    private static final String LABEL_VALUE_MESSAGE = "a valid label must be an empty string or consist of "
            + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    private static final int DNS1123_LABEL_MAX = 63;
    private static final int DNS1123_SUBDOMAIN_MAX = 253;
    private static final int DNS1035_LABEL_MAX = 63;
    private static final int LABEL_KEY_NAME_MAX = 63;
    private static final int LABEL_VALUE_MAX = 63;

    private NameValidation() {}

    /** A lowercase RFC 1123 subdomain of at most 253 bytes, such as {@code example.com}: most object names. */
    public static List<String> isDns1123Subdomain(String value) {
        return dns1123Subdomain(bytes(value), " characters");
    }

    /** A lowercase RFC 1123 label of at most 63 bytes, such as {@code my-name}: namespace names. */
    public static List<String> isDns1123Label(String value) {
        return dns1123Label(bytes(value));
    }

    /** An RFC 1035 label of at most 63 bytes that starts with a letter, such as {@code my-name}: service names. */
    public static List<String> isDns1035Label(String value) {
        return dns1035Label(bytes(value));
    }

    /** A qualified name, the format of label and annotation keys: an optional DNS subdomain prefix and '/', a name. */
    // k/k staging/src/k8s.io/apimachinery/pkg/api/validate/content/kube.go IsLabelKey: check prefix and name part, each message says which part.
    public static List<String> isQualifiedName(String value) {
        List<String> errors = new ArrayList<>();
        String[] parts = bytes(value).split("/", -1);
        String name;
        switch (parts.length) {
            case 1 -> name = parts[0];
            case 2 -> {
                name = parts[1];
                if (parts[0].isEmpty()) {
                    errors.add("prefix part must be non-empty");
                } else {
                    dns1123Subdomain(parts[0], " bytes").forEach(m -> errors.add("prefix part " + m));
                }
            }
            default -> {
                return List.of("a valid label key "
                        + regexError(LABEL_KEY_MESSAGE, LABEL_KEY_NAME_FORMAT, "MyName", "my.name", "123-abc")
                        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            }
        }
        if (name.isEmpty()) {
            errors.add("name part must be non-empty");
        } else if (name.length() > LABEL_KEY_NAME_MAX) {
            errors.add("name part " + maxLength(LABEL_KEY_NAME_MAX, " bytes"));
        }
        if (!LABEL_KEY_NAME.matcher(name).matches()) {
            errors.add("name part "
                    + regexError(LABEL_KEY_MESSAGE, LABEL_KEY_NAME_FORMAT, "MyName", "my.name", "123-abc"));
        }
        return List.copyOf(errors);
    }

    /** A label value: empty, or at most 63 bytes of alphanumerics, '-', '_' and '.', alphanumeric at both ends. */
    // k/k staging/src/k8s.io/apimachinery/pkg/api/validate/content/kube.go IsLabelValue: length in bytes, then the pattern.
    public static List<String> isValidLabelValue(String value) {
        String bytes = bytes(value);
        List<String> errors = new ArrayList<>();
        if (bytes.length() > LABEL_VALUE_MAX) {
            errors.add(maxLength(LABEL_VALUE_MAX, " bytes"));
        }
        if (!LABEL_VALUE.matcher(bytes).matches()) {
            errors.add(regexError(LABEL_VALUE_MESSAGE, LABEL_VALUE_FORMAT, "MyValue", "my_value", "12345"));
        }
        return List.copyOf(errors);
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go IsDNS1123Subdomain: length, then pattern.
    static List<String> dns1123Subdomain(String bytes, String lengthUnit) {
        List<String> errors = new ArrayList<>();
        if (bytes.length() > DNS1123_SUBDOMAIN_MAX) {
            errors.add(maxLength(DNS1123_SUBDOMAIN_MAX, lengthUnit));
        }
        if (!DNS1123_SUBDOMAIN.matcher(bytes).matches()) {
            errors.add(regexError(DNS1123_SUBDOMAIN_MESSAGE, DNS1123_SUBDOMAIN_FORMAT, "example.com"));
        }
        return List.copyOf(errors);
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go IsDNS1123Label: a valid subdomain that is no label can only have dots.
    static List<String> dns1123Label(String bytes) {
        List<String> errors = new ArrayList<>();
        if (bytes.length() > DNS1123_LABEL_MAX) {
            errors.add(maxLength(DNS1123_LABEL_MAX, " characters"));
        }
        if (!DNS1123_LABEL.matcher(bytes).matches()) {
            errors.add(DNS1123_SUBDOMAIN.matcher(bytes).matches() ? "must not contain dots"
                    : regexError(DNS1123_LABEL_MESSAGE, DNS1123_LABEL_FORMAT, "my-name", "123-abc"));
        }
        return List.copyOf(errors);
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go IsDNS1035Label: length, then pattern.
    static List<String> dns1035Label(String bytes) {
        List<String> errors = new ArrayList<>();
        if (bytes.length() > DNS1035_LABEL_MAX) {
            errors.add(maxLength(DNS1035_LABEL_MAX, " characters"));
        }
        if (!DNS1035_LABEL.matcher(bytes).matches()) {
            errors.add(regexError(DNS1035_LABEL_MESSAGE, DNS1035_LABEL_FORMAT, "my-name", "abc-123"));
        }
        return List.copyOf(errors);
    }

    // k/k apimachinery pkg/util/validation/validation.go IsConfigMapKey (1.32): a key of a config map's or a
    // secret's data, which becomes a file name.
    public static List<String> isConfigMapKey(String value) {
        String bytes = bytes(value);
        List<String> errors = new ArrayList<>();
        if (bytes.length() > DNS1123_SUBDOMAIN_MAX) {
            errors.add(maxLength(DNS1123_SUBDOMAIN_MAX, " characters"));
        }
        if (!CONFIG_MAP_KEY.matcher(bytes).matches()) {
            errors.add(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                    CONFIG_MAP_KEY_FORMAT, "key.name", "KEY_NAME", "key-name"));
        }
        if (value.equals(".")) {
            errors.add("must not be '.'");
        } else if (value.equals("..")) {
            errors.add("must not be '..'");
        } else if (value.startsWith("..")) {
            errors.add("must not start with '..'");
        }
        return List.copyOf(errors);
    }

    /**
     * The UTF-8 bytes of a string, one char per byte. Go's checks run on bytes; on this form {@code length()},
     * slicing and ASCII-only patterns give exactly their results.
     */
    static String bytes(String value) {
        return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static String maxLength(int max, String unit) {
        return "must be no more than " + max + unit;
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go RegexError: the examples, then the pattern.
    private static String regexError(String message, String format, String... examples) {
        StringBuilder text = new StringBuilder(message).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            text.append(i > 0 ? " or " : "").append('\'').append(examples[i]).append("', ");
        }
        return text.append("regex used for validation is '").append(format).append("')").toString();
    }
}
