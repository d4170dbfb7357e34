package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the {@code meta.k8s.io/v1 Table} that answers a request with the Table Accept header: a list (one row per
 * object), a single GET, or one watch event (a one-row Table).
 */
public final class TableBuilder {
    static final String API_VERSION = "meta.k8s.io/v1";

    private TableBuilder() {}

    /**
     * A Table of {@code objects}, in order. {@code resourceVersion} and {@code continueToken} go into the Table's
     * list metadata and are left out when null or empty; ages are computed against {@code now}.
     *
     * @throws IllegalStateException if the convertor gives a row whose cell count differs from its column count
     */
    // k/k pkg/printers/tablegenerator.go GenerateTable and staging/src/k8s.io/apiserver/pkg/endpoints/handlers/
    // response.go asTable: columns with every priority (the server prints wide), one row per object, then each
    // row's object replaced as includeObject asks.
    public static ObjectNode table(
            TableConvertor convertor,
            List<JsonNode> objects,
            String resourceVersion,
            String continueToken,
            Instant now,
            IncludeObject include) {
        ObjectNode table = Json.object();
        table.put("kind", "Table");
        table.put("apiVersion", API_VERSION);
        ObjectNode metadata = table.putObject("metadata");
        putIfNotEmpty(metadata, "resourceVersion", resourceVersion);
        putIfNotEmpty(metadata, "continue", continueToken);
        ArrayNode columns = table.putArray("columnDefinitions");
        for (ColumnDefinition column : convertor.columns()) {
            columns.add(columnJson(column));
        }
        // k/k staging/src/k8s.io/apiserver/pkg/registry/rest/table.go: the default convertor never allocates its
        // rows, so an empty list encodes as "rows": null; the printers always send an array.
        if (objects.isEmpty() && convertor instanceof DefaultTableConvertor) {
            table.putNull("rows");
            return table;
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : objects) {
            rows.add(row(convertor, object, now, include));
        }
        return table;
    }

    /**
     * A one-row Table for a single object, as a GET or a watch event answers; its resourceVersion is the
     * object's own.
     */
    // k/k pkg/printers/tablegenerator.go GenerateTable: a single object lends the Table its resourceVersion.
    public static ObjectNode table(TableConvertor convertor, JsonNode object, Instant now, IncludeObject include) {
        String resourceVersion = WireValues.string(object.path("metadata").path("resourceVersion"));
        return table(convertor, List.of(object), resourceVersion, null, now, include);
    }

    private static ObjectNode columnJson(ColumnDefinition column) {
        ObjectNode json = Json.object();
        json.put("name", column.name());
        json.put("type", column.type());
        json.put("format", column.format());
        json.put("description", column.description());
        json.put("priority", column.priority());
        return json;
    }

    private static ObjectNode row(TableConvertor convertor, JsonNode object, Instant now, IncludeObject include) {
        List<Object> cells = convertor.cells(object, now);
        if (cells.size() != convertor.columns().size()) {
            throw new IllegalStateException(
                    "convertor gave " + cells.size() + " cells for " + convertor.columns().size() + " columns");
        }
        ObjectNode row = Json.object();
        ArrayNode cellsJson = row.putArray("cells");
        for (Object cell : cells) {
            addCell(cellsJson, cell);
        }
        List<RowCondition> conditions = convertor.conditions(object);
        if (!conditions.isEmpty()) {
            ArrayNode conditionsJson = row.putArray("conditions");
            for (RowCondition condition : conditions) {
                conditionsJson.add(conditionJson(condition));
            }
        }
        switch (include) {
            case NONE -> row.putNull("object");
            case METADATA -> row.set("object", partialObjectMetadata(object));
            case OBJECT -> row.set("object", object.deepCopy());
        }
        return row;
    }

    private static void addCell(ArrayNode cells, Object cell) {
        switch (cell) {
            case null -> cells.addNull();
            case String text -> cells.add(text);
            case Long number -> cells.add(number);
            case Integer number -> cells.add(number);
            case Boolean flag -> cells.add(flag);
            case Double number -> cells.add(number);
            case JsonNode value -> cells.add(value);
            default -> throw new IllegalStateException("unsupported cell type " + cell.getClass().getName());
        }
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go TableRowCondition: reason and message are
    // omitted when empty.
    private static ObjectNode conditionJson(RowCondition condition) {
        ObjectNode json = Json.object();
        json.put("type", condition.type());
        json.put("status", condition.status());
        putIfNotEmpty(json, "reason", condition.reason());
        putIfNotEmpty(json, "message", condition.message());
        return json;
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/api/meta/meta.go AsPartialObjectMetadata: the whole metadata, kind
    // PartialObjectMetadata in the Table's group version.
    private static ObjectNode partialObjectMetadata(JsonNode object) {
        ObjectNode partial = Json.object();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", API_VERSION);
        JsonNode metadata = object.path("metadata");
        partial.set("metadata", metadata.isObject() ? metadata.deepCopy() : Json.object());
        return partial;
    }

    private static void putIfNotEmpty(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }
}
