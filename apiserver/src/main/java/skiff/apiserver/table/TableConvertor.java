package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Turns objects of one resource, as v1 wire JSON, into Table columns and cells. The API server always asks for
 * every column, wide ones included; {@code kubectl} hides priority-1 columns unless {@code -o wide} is given.
 */
public interface TableConvertor {

    /** The columns, in order; every row has exactly one cell per column. */
    List<ColumnDefinition> columns();

    /**
     * The cells of one object's row, in column order: {@code String}, {@code Long} or {@code Integer} values, as
     * Kubernetes emits them. Ages are computed against {@code now}.
     */
    List<Object> cells(JsonNode object, Instant now);

    /** Conditions to attach to the object's row; none unless the resource defines some. */
    default List<RowCondition> conditions(JsonNode object) {
        return List.of();
    }
}
