package skiff.apiserver.decode;

import java.util.Set;

/**
 * Checks a Quantity's text as resource.ParseQuantity does when a Quantity decodes from JSON, with its three errors
 * (k8s apimachinery pkg/api/resource/quantity.go parseQuantityString, ParseQuantity, 1.32).
 */
final class GoQuantity {
    static final String FORMAT_WRONG =
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    static final String NUMERIC = "unable to parse numeric part of quantity";
    static final String SUFFIX = "unable to parse quantity's suffix";
    private static final String SUFFIX_CHARS = "eEinumkKMGTP";
    private static final Set<String> SUFFIXES = Set.of("", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
            "n", "u", "m", "k", "M", "G", "T", "P", "E");

    private GoQuantity() {}

    static void check(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new DecodeError(FORMAT_WRONG);
        }
        int end = s.length();
        int pos = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        pos = digits(s, pos);
        if (pos == end) {
            return;
        }
        if (s.charAt(pos) == '.') {
            pos = digits(s, pos + 1);
            if (pos == end) {
                numeric(s.substring(0, pos));
                return;
            }
        }
        String value = s.substring(0, pos);
        int suffixStart = pos;
        while (pos < end && SUFFIX_CHARS.indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        if (pos < end && (s.charAt(pos) == '-' || s.charAt(pos) == '+')) {
            pos++;
        }
        if (digits(s, pos) < end) {
            throw new DecodeError(FORMAT_WRONG);
        }
        String suffix = s.substring(suffixStart);
        if (!SUFFIXES.contains(suffix) && !decimalExponent(suffix)) {
            throw new DecodeError(SUFFIX);
        }
        numeric(value);
    }

    private static int digits(String s, int pos) {
        while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
            pos++;
        }
        return pos;
    }

    private static boolean decimalExponent(String suffix) {
        if (suffix.length() < 2 || (suffix.charAt(0) != 'e' && suffix.charAt(0) != 'E')) {
            return false;
        }
        try {
            Long.parseLong(suffix.substring(1));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void numeric(String value) {
        String unsigned = value.startsWith("-") || value.startsWith("+") ? value.substring(1) : value;
        if (unsigned.chars().noneMatch(Character::isDigit)) {
            throw new DecodeError(NUMERIC);
        }
    }
}
