package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Table rows for apps/v1 deployments: {@code NAME READY UP-TO-DATE AVAILABLE AGE}, plus template and selector when wide. */
final class DeploymentTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Ready", "Ready replicas out of requested replicas."),
            Columns.string("Up-to-date", "Number of replicas running the current pod template."),
            Columns.string("Available", "Number of replicas available to serve."),
            Columns.AGE,
            Columns.CONTAINERS,
            Columns.IMAGES,
            Columns.selector("Label query over the pods the deployment manages."));

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printDeployment: READY is ready/desired; the counts are numbers
    // although their columns say string; a selector that does not convert prints <invalid>, an absent one nothing.
    @Override
    public List<Object> cells(JsonNode deployment, Instant now) {
        JsonNode status = deployment.path("status");
        ContainerCells containers = ContainerCells.ofTemplate(deployment);
        return List.of(
                WireValues.name(deployment),
                WireValues.integer(status.path("readyReplicas")) + "/" + DesiredReplicas.of(deployment),
                WireValues.integer(status.path("updatedReplicas")),
                WireValues.integer(status.path("availableReplicas")),
                Age.of(deployment, now),
                containers.names(),
                containers.images(),
                LabelSelectors.selectorString(deployment.path("spec").path("selector")).orElse("<invalid>"));
    }
}
