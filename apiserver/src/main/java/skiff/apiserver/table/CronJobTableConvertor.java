package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Table rows for batch/v1 cron jobs: {@code NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE}, plus the job
 * template when wide.
 */
final class CronJobTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Schedule", "The schedule in Cron format."),
            Columns.string("Timezone", "The time zone name for the given schedule."),
            new ColumnDefinition("Suspend", "boolean", "", "Whether the controller suspends later runs.", 0),
            Columns.integer("Active", "A list of pointers to currently running jobs."),
            Columns.string("Last Schedule", "Information when was the last time the job was successfully scheduled."),
            Columns.AGE,
            Columns.CONTAINERS,
            Columns.IMAGES,
            Columns.selector("A label query over pods that should match the pod count."));

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printCronJob (1.32): a missing suspend prints <unset>.
    @Override
    public List<Object> cells(JsonNode cronJob, Instant now) {
        JsonNode spec = cronJob.path("spec");
        JsonNode status = cronJob.path("status");
        JsonNode suspend = spec.get("suspend");
        String suspendCell = suspend == null || suspend.isNull() ? "<unset>" : suspend.asBoolean() ? "True" : "False";
        String lastSchedule = WireValues.time(status.path("lastScheduleTime")).map(t -> Age.since(Optional.of(t), now)).orElse("<none>");
        JsonNode jobSpec = spec.path("jobTemplate").path("spec");
        ContainerCells containers = ContainerCells.of(jobSpec.path("template").path("spec"));
        return List.of(WireValues.name(cronJob), WireValues.string(spec.path("schedule")),
                spec.hasNonNull("timeZone") ? spec.path("timeZone").asString() : "<none>", suspendCell,
                (long) WireValues.size(status.path("active")), lastSchedule, Age.of(cronJob, now),
                containers.names(), containers.images(),
                LabelSelectors.formatLabelSelector(jobSpec.path("selector")));
    }
}
