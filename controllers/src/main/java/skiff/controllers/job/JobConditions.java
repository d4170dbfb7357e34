package skiff.controllers.job;

import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A job's conditions, read and set as k/k pkg/controller/job/job_controller.go does (1.32). */
final class JobConditions {
    static final String COMPLETE = "Complete";
    static final String FAILED = "Failed";
    static final String FAILURE_TARGET = "FailureTarget";
    static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";
    static final String SUSPENDED = "Suspended";

    private JobConditions() {}

    static Optional<JobCondition> find(JobStatus status, String type) {
        return status.getConditions() == null ? Optional.empty()
                : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static boolean isTrue(JobStatus status, String type) {
        return find(status, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    static boolean finished(JobStatus status) {
        return status != null && (isTrue(status, COMPLETE) || isTrue(status, FAILED));
    }

    // k/k job_controller.go ensureJobConditionStatus: a condition changes (and its transition time) only when its
    // status does; a new one that is not True is not added.
    static boolean set(JobStatus status, String type, String value, String reason, String message, Instant now) {
        List<JobCondition> conditions = new ArrayList<>(Objects.requireNonNullElse(status.getConditions(),
                List.of()));
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        for (int i = 0; i < conditions.size(); i++) {
            JobCondition c = conditions.get(i);
            if (type.equals(c.getType())) {
                if (value.equals(c.getStatus()) && Objects.equals(reason, c.getReason())
                        && Objects.equals(message, c.getMessage())) {
                    return false;
                }
                conditions.set(i, new JobConditionBuilder(c).withStatus(value).withReason(reason).withMessage(message)
                        .withLastProbeTime(time).withLastTransitionTime(value.equals(c.getStatus())
                                ? c.getLastTransitionTime() : time).build());
                status.setConditions(conditions);
                return true;
            }
        }
        if (!value.equals("True")) {
            return false;
        }
        conditions.add(new JobConditionBuilder().withType(type).withStatus(value).withReason(reason)
                .withMessage(message).withLastProbeTime(time).withLastTransitionTime(time).build());
        status.setConditions(conditions);
        return true;
    }
}
