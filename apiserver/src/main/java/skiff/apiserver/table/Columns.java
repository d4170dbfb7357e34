package skiff.apiserver.table;

/**
 * Builds column definitions, and holds those many resources share. Names, types, formats and priorities follow
 * k/k pkg/printers/internalversion/printers.go AddHandlers; the descriptions are Skiff's own words.
 */
final class Columns {
    static final ColumnDefinition NAME =
            new ColumnDefinition("Name", "string", "name", "Name of the object, unique within its namespace and resource.", 0);
    static final ColumnDefinition AGE = string("Age", "Time elapsed since the object was created.");
    static final ColumnDefinition CONTAINERS = wide("Containers", "Names of the containers in the pod template.");
    static final ColumnDefinition IMAGES = wide("Images", "Images used by the containers in the pod template.");

    private Columns() {}

    static ColumnDefinition string(String name, String description) {
        return new ColumnDefinition(name, "string", "", description, 0);
    }

    static ColumnDefinition integer(String name, String description) {
        return new ColumnDefinition(name, "integer", "", description, 0);
    }

    /** A string column shown only by {@code -o wide}. */
    static ColumnDefinition wide(String name, String description) {
        return new ColumnDefinition(name, "string", "", description, 1);
    }

    /** The wide {@code Selector} column of workload resources. */
    static ColumnDefinition selector(String description) {
        return wide("Selector", description);
    }
}
