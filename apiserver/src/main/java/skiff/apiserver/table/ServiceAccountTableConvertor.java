package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Table rows for core/v1 service accounts: {@code NAME SECRETS AGE}. */
final class ServiceAccountTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME, Columns.string("Secrets", "Number of secrets the service account lists."), Columns.AGE);

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printServiceAccount: SECRETS is a count, sent as a number.
    @Override
    public List<Object> cells(JsonNode serviceAccount, Instant now) {
        return List.of(
                WireValues.name(serviceAccount), (long) WireValues.size(serviceAccount.path("secrets")), Age.of(serviceAccount, now));
    }
}
