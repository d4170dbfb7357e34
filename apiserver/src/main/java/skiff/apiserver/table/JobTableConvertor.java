package skiff.apiserver.table;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Table rows for batch/v1 jobs: {@code NAME STATUS COMPLETIONS DURATION AGE}, plus template and selector when wide. */
final class JobTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Status", "Status of the job."),
            Columns.string("Completions", "The desired number of successfully finished pods the job should be run "
                    + "with."),
            Columns.string("Duration", "Time required to complete the job."),
            Columns.AGE,
            Columns.CONTAINERS,
            Columns.IMAGES,
            Columns.selector("A label query over pods that should match the pod count."));

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printJob (1.32).
    @Override
    public List<Object> cells(JsonNode job, Instant now) {
        JsonNode spec = job.path("spec");
        JsonNode status = job.path("status");
        long succeeded = WireValues.integer(status.path("succeeded"));
        String completions;
        if (spec.hasNonNull("completions")) {
            completions = succeeded + "/" + spec.path("completions").asLong();
        } else if (spec.hasNonNull("parallelism") && spec.path("parallelism").asLong() > 1) {
            completions = succeeded + "/1 of " + spec.path("parallelism").asLong();
        } else {
            completions = succeeded + "/1";
        }
        Optional<Instant> start = WireValues.time(status.path("startTime"));
        Optional<Instant> end = WireValues.time(status.path("completionTime"));
        String duration = start.map(s -> HumanDuration.format(Duration.between(s, end.orElse(now)))).orElse("");
        ContainerCells containers = ContainerCells.ofTemplate(job);
        return List.of(WireValues.name(job), status(job), completions, duration, Age.of(job, now),
                containers.names(), containers.images(), LabelSelectors.formatLabelSelector(spec.path("selector")));
    }

    private static String status(JsonNode job) {
        JsonNode conditions = job.path("status").path("conditions");
        if (has(conditions, "Complete")) {
            return "Complete";
        } else if (has(conditions, "Failed")) {
            return "Failed";
        } else if (job.path("metadata").hasNonNull("deletionTimestamp")) {
            return "Terminating";
        } else if (has(conditions, "Suspended")) {
            return "Suspended";
        } else if (has(conditions, "FailureTarget")) {
            return "FailureTarget";
        }
        return "Running";
    }

    private static boolean has(JsonNode conditions, String type) {
        for (JsonNode c : WireValues.items(conditions)) {
            if (type.equals(c.path("type").asString("")) && "True".equals(c.path("status").asString(""))) {
                return true;
            }
        }
        return false;
    }
}
