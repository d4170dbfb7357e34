package skiff.apiserver.apiextensions;

/**
 * A rule's fieldPath checked against its schema and turned into the field path its errors carry (k/k 1.32
 * apiextensions-apiserver pkg/apiserver/schema/cel/validation.go ValidFieldPath): {@code .a.b} and {@code ['a.b']}
 * name properties, map keys become {@code [key]}.
 */
final class RuleFieldPath {
    private RuleFieldPath() {}

    static String normalize(String jsonPath, StructuralSchema schema) {
        StringBuilder path = new StringBuilder();
        StructuralSchema at = schema;
        int i = 0;
        while (i < jsonPath.length()) {
            String name;
            char c = jsonPath.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < jsonPath.length() && jsonPath.charAt(end) != '.' && jsonPath.charAt(end) != '[') {
                    end++;
                }
                name = jsonPath.substring(i + 1, end);
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("unexpected end of JSON path");
                }
                i = end;
            } else if (c == '[') {
                if (i + 1 >= jsonPath.length() || jsonPath.charAt(i + 1) != '\'') {
                    throw new IllegalArgumentException("expected single quoted string but got "
                            + jsonPath.substring(i + 1));
                }
                int close = jsonPath.indexOf("']", i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("unexpected end of JSON path");
                }
                name = jsonPath.substring(i + 2, close).replace("\\'", "'").replace("\\\\", "\\");
                i = close + 2;
            } else {
                throw new IllegalArgumentException("expected [ or . but got: " + jsonPath.substring(i));
            }
            if (!at.properties().isEmpty()) {
                at = at.properties().get(name);
                if (at == null) {
                    throw new IllegalArgumentException("does not refer to a valid field");
                }
                path.append(path.isEmpty() ? "" : ".").append(name);
            } else if (at.additionalProperties() != null) {
                at = at.additionalProperties();
                path.append('[').append(name).append(']');
            } else {
                throw new IllegalArgumentException("does not refer to a valid field");
            }
        }
        return path.toString();
    }
}
