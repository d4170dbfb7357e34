package skiff.apiserver.fieldmanager;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;

/**
 * The manager an update is recorded under: the {@code fieldManager} parameter, else the User-Agent up to its first
 * '/' with unprintable characters dropped and at most 128 bytes kept (k/k apiserver endpoints/handlers/rest.go
 * managerOrUserAgent and prefixFromUserAgent), so kubectl's requests belong to "kubectl".
 */
public final class FieldManagerName {
    static final int MAX_LENGTH = 128;

    private FieldManagerName() {}

    public static String forUpdate(String fieldManager, String userAgent) {
        if (fieldManager != null && !fieldManager.isEmpty()) {
            return fieldManager;
        }
        return fromUserAgent(userAgent == null ? "" : userAgent);
    }

    static String fromUserAgent(String userAgent) {
        int slash = userAgent.indexOf('/');
        String prefix = slash < 0 ? userAgent : userAgent.substring(0, slash);
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int cp : prefix.codePoints().toArray()) {
            if (!isPrint(cp)) {
                continue;
            }
            int size = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes + size > MAX_LENGTH) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += size;
        }
        return out.toString();
    }

    /** The errors of a fieldManager a request names: at most 128 bytes, every character printable. */
    // k/k apimachinery pkg/apis/meta/v1/validation/validation.go ValidateFieldManager (1.32); positions are in bytes.
    public static List<FieldError> validate(String fieldManager) {
        List<FieldError> errors = new ArrayList<>();
        byte[] bytes = fieldManager.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_LENGTH) {
            errors.add(FieldError.tooLong("fieldManager", MAX_LENGTH));
        }
        int position = 0;
        for (int i = 0; i < fieldManager.length(); ) {
            int cp = fieldManager.codePointAt(i);
            if (!isPrint(cp)) {
                errors.add(FieldError.invalid("fieldManager", fieldManager, String.format("invalid character U+%04X "
                        + "(at position %d)", cp, position)));
            }
            position += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            i += Character.charCount(cp);
        }
        return errors;
    }

    // docs pkg.go.dev/unicode#IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static boolean isPrint(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
