package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Table rows for policy/v1 PodDisruptionBudgets: {@code NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE}. */
final class PodDisruptionBudgetTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Min Available", "The minimum number or percentage of available pods this budget requires."),
            Columns.string("Max Unavailable",
                    "The maximum number or percentage of unavailable pods this budget requires."),
            Columns.integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
            Columns.AGE);

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printPodDisruptionBudget (1.32): an unset bound shows "N/A".
    @Override
    public List<Object> cells(JsonNode pdb, Instant now) {
        JsonNode spec = pdb.path("spec");
        return List.of(WireValues.name(pdb), bound(spec.path("minAvailable")), bound(spec.path("maxUnavailable")),
                WireValues.integer(pdb.path("status").path("disruptionsAllowed")), Age.of(pdb, now));
    }

    private static String bound(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "N/A" : value.asString();
    }
}
