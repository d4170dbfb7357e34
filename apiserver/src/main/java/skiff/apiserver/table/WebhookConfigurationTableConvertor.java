package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Table rows for admissionregistration.k8s.io/v1 webhook configurations: {@code NAME WEBHOOKS AGE}. */
final class WebhookConfigurationTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.integer("Webhooks", "Webhooks indicates the number of webhooks registered in this configuration"),
            Columns.AGE);

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printValidatingWebhook and printMutatingWebhook (1.32).
    @Override
    public List<Object> cells(JsonNode configuration, Instant now) {
        return List.of(WireValues.name(configuration), (long) configuration.path("webhooks").size(),
                Age.of(configuration, now));
    }
}
