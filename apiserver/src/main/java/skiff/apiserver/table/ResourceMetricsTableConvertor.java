package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import skiff.apiserver.resourcemetrics.Quantities;
import tools.jackson.databind.JsonNode;

/**
 * NodeMetrics and PodMetrics as metrics-server prints them (pkg/api/table.go): Name, cpu, memory (a pod's summed over
 * its containers) and Window.
 */
final class ResourceMetricsTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            new ColumnDefinition("Name", "string", "name", "Name of the resource", 0),
            new ColumnDefinition("cpu", "string", "quantity", "", 0),
            new ColumnDefinition("memory", "string", "quantity", "", 0),
            new ColumnDefinition("Window", "string", "duration", "", 0));

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode object, Instant now) {
        String name = object.path("metadata").path("name").asString("");
        String window = object.path("window").asString("");
        if (object.has("usage")) {
            return List.of(name, object.path("usage").path("cpu").asString(""),
                    object.path("usage").path("memory").asString(""), window);
        }
        long cpu = 0;
        long memory = 0;
        for (JsonNode container : object.path("containers")) {
            cpu += Quantities.parseNanos(container.path("usage").path("cpu").asString("0"));
            memory += Quantities.parseBytes(container.path("usage").path("memory").asString("0"));
        }
        return List.of(name, Quantities.nanos(cpu), Quantities.bytes(memory), window);
    }
}
