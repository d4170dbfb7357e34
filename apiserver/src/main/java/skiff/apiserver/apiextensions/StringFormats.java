package skiff.apiserver.apiextensions;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The string formats a CRD schema may name and their checks (k/k 1.32 apiextensions-apiserver
 * pkg/apiserver/validation/formats.go, backed by k8s.io/kube-openapi pkg/validation/strfmt). Formats it does not
 * know are not checked, as Kubernetes does.
 */
final class StringFormats {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern HOSTNAME = Pattern.compile(
            "^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\\.?$");
    private static final Pattern IPV4 = Pattern.compile(
            "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9a-fA-F:.]+$");
    private static final Pattern MAC = Pattern.compile("^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$");
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$");
    private static final Pattern DURATION = Pattern.compile("^(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h|d|w))+$");

    private StringFormats() {}

    static boolean valid(String format, String value) {
        return switch (format) {
            case "email" -> EMAIL.matcher(value).matches();
            case "hostname" -> value.length() <= 255 && HOSTNAME.matcher(value).matches();
            case "ipv4" -> IPV4.matcher(value).matches();
            case "ipv6" -> value.contains(":") && IPV6.matcher(value).matches();
            case "cidr" -> cidr(value);
            case "mac" -> MAC.matcher(value).matches();
            case "uuid" -> UUID.matcher(value).matches();
            case "byte" -> base64(value);
            case "date" -> date(value);
            case "date-time", "datetime" -> dateTime(value);
            case "duration" -> DURATION.matcher(value).matches();
            case "uri" -> uri(value);
            default -> true;
        };
    }

    private static boolean cidr(String value) {
        int slash = value.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String ip = value.substring(0, slash);
        String bits = value.substring(slash + 1);
        if (!bits.matches("\\d{1,3}")) {
            return false;
        }
        int n = Integer.parseInt(bits);
        return IPV4.matcher(ip).matches() ? n <= 32 : ip.contains(":") && IPV6.matcher(ip).matches() && n <= 128;
    }

    private static boolean base64(String value) {
        try {
            Base64.getDecoder().decode(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean date(String value) {
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean dateTime(String value) {
        try {
            OffsetDateTime.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean uri(String value) {
        try {
            return new URI(value).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
