package skiff.api.validation;

/**
 * A string in double quotes with Go's {@code %q} escapes, the form Kubernetes uses for a string value inside an
 * error message ({@code Invalid value: "Foo_bar"}).
 */
// docs pkg.go.dev/strconv#Quote (k/k field.Error.ErrorBody quotes strings with it): printable runes stay, others are escaped.
public final class GoQuotedString {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoQuotedString() {}

    public static String of(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        value.codePoints().forEach(cp -> appendRune(out, isLoneSurrogate(cp) ? 0xFFFD : cp));
        return out.append('"').toString();
    }

    /** A surrogate not in a pair; Go would hold U+FFFD there, as its decoders replace invalid UTF-16 and UTF-8. */
    static boolean isLoneSurrogate(int cp) {
        return cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE;
    }

    private static void appendRune(StringBuilder out, int cp) {
        if (cp == '"' || cp == '\\') {
            out.append('\\').appendCodePoint(cp);
        } else if (isPrint(cp)) {
            out.appendCodePoint(cp);
        } else {
            switch (cp) {
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0B -> out.append("\\v");
                default -> appendHex(out, cp);
            }
        }
    }

    private static void appendHex(StringBuilder out, int cp) {
        int digits;
        if (cp < ' ' || cp == 0x7F) {
            out.append("\\x");
            digits = 2;
        } else if (cp < 0x10000) {
            out.append("\\u");
            digits = 4;
        } else {
            out.append("\\U");
            digits = 8;
        }
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(cp >> shift) & 0xF]);
        }
    }

    // docs pkg.go.dev/unicode#IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static boolean isPrint(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                 Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
