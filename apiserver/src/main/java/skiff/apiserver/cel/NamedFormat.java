package skiff.apiserver.cel;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import skiff.api.validation.NameRule;
import skiff.api.validation.NameValidation;

/**
 * The named formats of the Kubernetes CEL format library (k/k 1.32 staging/src/k8s.io/apiserver/pkg/cel/library
 * format.go ConstantFormats): each validates a string and returns Kubernetes' reasons when it is not valid.
 *
 * @param celName the name after {@code format.}
 * @param maxRegexSize the size of the regular expression k/k charges the validation for (format.go)
 */
public record NamedFormat(String celName, int maxRegexSize, Function<String, List<String>> check) {
    // format.go charges uri, uuid, byte and the date formats by the length of a pattern (govalidator URL and
    // Base64, strfmt UUIDPattern and DateTimePattern); these sizes approximate those lengths.
    private static final Pattern UUID = Pattern.compile(
            "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$");
    private static final Pattern DATE_TIME = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2})[tT](\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?([zZ]|[+-]\\d{2}:\\d{2})$");
    private static final int URL_REGEX_SIZE = 1219;
    private static final int DATE_TIME_REGEX_SIZE = 58;
    private static final int UUID_REGEX_SIZE = 87;
    private static final int BASE64_REGEX_SIZE = 87;

    static final List<NamedFormat> ALL = List.of(
            new NamedFormat("dns1123Label", 30, s -> NameRule.DNS1123_LABEL.validate(s, false)),
            new NamedFormat("dns1123Subdomain", 60, s -> NameRule.DNS1123_SUBDOMAIN.validate(s, false)),
            new NamedFormat("dns1035Label", 30, s -> NameRule.DNS1035_LABEL.validate(s, false)),
            new NamedFormat("qualifiedName", 60, NameValidation::isQualifiedName),
            new NamedFormat("dns1123LabelPrefix", 30, s -> NameRule.DNS1123_LABEL.validate(s, true)),
            new NamedFormat("dns1123SubdomainPrefix", 60, s -> NameRule.DNS1123_SUBDOMAIN.validate(s, true)),
            new NamedFormat("dns1035LabelPrefix", 30, s -> NameRule.DNS1035_LABEL.validate(s, true)),
            new NamedFormat("labelValue", 40, NameValidation::isValidLabelValue),
            new NamedFormat("uri", URL_REGEX_SIZE, NamedFormat::uri),
            new NamedFormat("uuid", UUID_REGEX_SIZE,
                    s -> UUID.matcher(s).matches() ? List.of() : List.of("does not match the UUID format")),
            new NamedFormat("byte", BASE64_REGEX_SIZE, s -> base64(s) ? List.of() : List.of("invalid base64")),
            new NamedFormat("date", DATE_TIME_REGEX_SIZE, s -> date(s) ? List.of() : List.of("invalid date")),
            new NamedFormat("datetime", DATE_TIME_REGEX_SIZE,
                    s -> dateTime(s) ? List.of() : List.of("invalid datetime")));

    static java.util.Optional<NamedFormat> named(String name) {
        return ALL.stream().filter(f -> f.celName.equals(name)).findFirst();
    }

    private static List<String> uri(String s) {
        try {
            GoUrl.parseRequestUri(s);
            return List.of();
        } catch (GoUrl.ParseException e) {
            return List.of(e.getMessage());
        }
    }

    // Go's base64.StdEncoding: padded to a multiple of four.
    private static boolean base64(String s) {
        if (s.length() % 4 != 0) {
            return false;
        }
        try {
            Base64.getDecoder().decode(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean date(String s) {
        if (!s.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return false;
        }
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    // strfmt IsDateTime: an RFC 3339 date, 'T', a time with optional fraction and a zone.
    private static boolean dateTime(String s) {
        var m = DATE_TIME.matcher(s);
        return m.matches() && date(m.group(1)) && Integer.parseInt(m.group(2)) < 24
                && Integer.parseInt(m.group(3)) < 60 && Integer.parseInt(m.group(4)) < 60;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NamedFormat f && f.celName.equals(celName);
    }

    @Override
    public int hashCode() {
        return celName.hashCode();
    }
}
