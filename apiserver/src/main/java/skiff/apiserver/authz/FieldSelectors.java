package skiff.apiserver.authz;

import java.util.List;

/** Reading a list request's field selector for authorization (k/k apimachinery pkg/fields selector.go). */
final class FieldSelectors {
    private FieldSelectors() {}

    /** The value the selector requires {@code field} to equal (a term {@code field=V} or {@code field==V}), or null. */
    static String exactValue(String selector, String field) {
        if (selector == null) {
            return null;
        }
        for (String term : selector.split(",")) {
            String t = term.trim();
            for (String op : List.of("==", "=")) {
                if (t.startsWith(field + op)) {
                    return t.substring((field + op).length());
                }
            }
        }
        return null;
    }

    static boolean requiresEqual(String selector, String field, String value) {
        return value.equals(exactValue(selector, field));
    }
}
