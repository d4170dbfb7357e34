package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Table rows for coordination.k8s.io/v1 leases: {@code NAME HOLDER AGE}. */
final class LeaseTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME, Columns.string("Holder", "Identity of the current holder of the lease."), Columns.AGE);

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printLease: an unheld lease shows an empty holder.
    @Override
    public List<Object> cells(JsonNode lease, Instant now) {
        return List.of(
                WireValues.name(lease), WireValues.string(lease.path("spec").path("holderIdentity")), Age.of(lease, now));
    }
}
