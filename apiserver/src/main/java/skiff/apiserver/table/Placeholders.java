package skiff.apiserver.table;

/** The texts printers put in a cell when there is no value to show. */
final class Placeholders {
    static final String NONE = "<none>";
    static final String UNKNOWN = "<unknown>";
    static final String UNSET = "<unset>";

    private Placeholders() {}

    static String orNone(String value) {
        return value.isEmpty() ? NONE : value;
    }

    static String orUnknown(String value) {
        return value.isEmpty() ? UNKNOWN : value;
    }
}
