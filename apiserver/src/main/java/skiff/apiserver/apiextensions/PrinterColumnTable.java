package skiff.apiserver.apiextensions;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import skiff.apiserver.table.ColumnDefinition;
import skiff.apiserver.table.HumanDuration;
import skiff.apiserver.table.TableConvertor;
import tools.jackson.databind.JsonNode;

/**
 * The Table of a custom resource: Name, then the CRD version's additionalPrinterColumns, or Age when it has none
 * (k/k 1.32 apiextensions-apiserver pkg/registry/customresource/tableconvertor/tableconvertor.go, with the default
 * column from pkg/apiserver/customresource_handler.go).
 */
final class PrinterColumnTable implements TableConvertor {
    private static final ColumnDefinition NAME = new ColumnDefinition("Name", "string", "name",
            "Name must be unique within a namespace. Is required when creating resources, although some resources may "
                    + "allow a client to request the generation of an appropriate name automatically. Name is "
                    + "primarily intended for creation idempotence and configuration definition. Cannot be updated. "
                    + "More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names", 0);
    private static final Column AGE = new Column(new ColumnDefinition("Age", "date", "",
            "CreationTimestamp is a timestamp representing the server time when this object was created.", 0),
            JsonPathValue.of(".metadata.creationTimestamp"));

    private record Column(ColumnDefinition definition, JsonPathValue path) {}

    private final List<Column> columns;

    private PrinterColumnTable(List<Column> columns) {
        this.columns = columns;
    }

    /** From a CRD version's additionalPrinterColumns (validated already). */
    static PrinterColumnTable of(JsonNode additionalPrinterColumns) {
        List<Column> columns = new ArrayList<>();
        for (JsonNode c : additionalPrinterColumns) {
            columns.add(new Column(new ColumnDefinition(c.path("name").asString(""), c.path("type").asString(""),
                    c.path("format").asString(""), c.path("description").asString(""), c.path("priority").asInt(0)),
                    JsonPathValue.of(c.path("jsonPath").asString())));
        }
        return new PrinterColumnTable(columns.isEmpty() ? List.of(AGE) : List.copyOf(columns));
    }

    @Override
    public List<ColumnDefinition> columns() {
        List<ColumnDefinition> all = new ArrayList<>();
        all.add(NAME);
        columns.forEach(c -> all.add(c.definition()));
        return all;
    }

    @Override
    public List<Object> cells(JsonNode object, Instant now) {
        List<Object> cells = new ArrayList<>();
        cells.add(object.path("metadata").path("name").asString(""));
        for (Column c : columns) {
            cells.add(cell(c.definition().type(), c.path().find(object), now));
        }
        return cells;
    }

    // tableconvertor.go cellForJSONValue: a value of another type than the column's is left empty.
    private static Object cell(String type, JsonNode value, Instant now) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        return switch (type) {
            case "integer" -> value.isNumber() ? (Object) value.asLong() : null;
            case "number" -> value.isNumber() ? (Object) value.asDouble() : null;
            case "boolean" -> value.isBoolean() ? (Object) value.asBoolean() : null;
            case "date" -> value.isString() ? age(value.asString(), now) : null;
            default -> value.isString() ? value.asString() : value.toString();
        };
    }

    private static String age(String timestamp, Instant now) {
        try {
            return HumanDuration.format(Duration.between(Instant.parse(timestamp), now));
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
    }
}
