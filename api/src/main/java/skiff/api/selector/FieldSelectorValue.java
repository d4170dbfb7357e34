package skiff.api.selector;

/**
 * Escaping of field selector values: a backslash before {@code \}, {@code ,} and {@code =} makes them part of the
 * value. No other escape exists; {@code !} needs none.
 */
// k/k staging/src/k8s.io/apimachinery/pkg/fields/selector.go EscapeValue and UnescapeValue: three escapes, anything else is an error.
final class FieldSelectorValue {

    private FieldSelectorValue() {}

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\\' || ch == ',' || ch == '=') {
                out.append('\\');
            }
            out.append(ch);
        }
        return out.toString();
    }

    /** @throws SelectorParseException for an unknown escape, a trailing backslash, or a bare {@code ,} or {@code =} */
    static String unescape(String text) {
        if (text.indexOf('\\') < 0 && text.indexOf(',') < 0 && text.indexOf('=') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean escaped = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (escaped) {
                if (cp != '\\' && cp != ',' && cp != '=') {
                    throw invalidEscape("\\" + Character.toString(cp));
                }
                out.appendCodePoint(cp);
                escaped = false;
            } else if (cp == '\\') {
                escaped = true;
            } else if (cp == ',' || cp == '=') {
                // Kubernetes prints the character as its code point number.
                throw new SelectorParseException("invalid field selector: unescaped character in value: " + cp);
            } else {
                out.appendCodePoint(cp);
            }
        }
        if (escaped) {
            throw invalidEscape("\\");
        }
        return out.toString();
    }

    private static SelectorParseException invalidEscape(String sequence) {
        return new SelectorParseException("invalid field selector: invalid escape sequence: " + sequence);
    }
}
