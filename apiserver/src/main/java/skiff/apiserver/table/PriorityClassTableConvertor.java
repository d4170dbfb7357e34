package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Table rows for scheduling.k8s.io/v1 PriorityClasses: {@code NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY}. */
final class PriorityClassTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.integer("Value", "value represents the integer value of this priority class. This is the actual "
                    + "priority that pods receive when they have the name of this class in their pod spec."),
            new ColumnDefinition("Global-Default", "boolean", "", "globalDefault specifies whether this PriorityClass "
                    + "should be considered as the default priority for pods that do not have any priority class.", 0),
            Columns.AGE,
            Columns.string("PreemptionPolicy", "preemptionPolicy is the Policy for preempting pods with lower "
                    + "priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset."));

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printPriorityClass (1.32).
    @Override
    public List<Object> cells(JsonNode pc, Instant now) {
        return List.of(WireValues.name(pc), WireValues.integer(pc.path("value")),
                WireValues.bool(pc.path("globalDefault")), Age.of(pc, now),
                WireValues.string(pc.path("preemptionPolicy")));
    }
}
