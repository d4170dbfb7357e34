package skiff.apiserver.apiextensions;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a schema's property names appear as CEL field names (k/k 1.32 staging/src/k8s.io/apiserver/pkg/cel
 * escaping.go Escape): CEL keywords become {@code __keyword__}; {@code __}, {@code .}, {@code -} and {@code /}
 * become {@code __underscores__}, {@code __dot__}, {@code __dash__} and {@code __slash__}; other names are not
 * accessible as fields.
 */
final class CelPropertyNames {
    private static final Set<String> RESERVED = Set.of("true", "false", "null", "in", "as", "break", "const",
            "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return",
            "var", "void", "while");
    private static final Pattern ESCAPABLE = Pattern.compile("[a-zA-Z_.\\-/][a-zA-Z0-9_.\\-/]*");

    private CelPropertyNames() {}

    static Optional<String> escape(String name) {
        if (RESERVED.contains(name)) {
            return Optional.of("__" + name + "__");
        }
        if (!ESCAPABLE.matcher(name).matches()) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' && i + 1 < name.length() && name.charAt(i + 1) == '_') {
                b.append("__underscores__");
                i++;
            } else if (c == '.') {
                b.append("__dot__");
            } else if (c == '-') {
                b.append("__dash__");
            } else if (c == '/') {
                b.append("__slash__");
            } else {
                b.append(c);
            }
        }
        return Optional.of(b.toString());
    }
}
