package skiff.apiserver.registry.batch;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import skiff.api.validation.FieldError;
import skiff.api.validation.StringerValue;
import skiff.apiserver.registry.core.GoFields;
import tools.jackson.databind.JsonNode;

/**
 * A write of a job's status, checked as k/k 1.32 pkg/apis/batch/validation/validation.go ValidateJobStatusUpdate does
 * with the options pkg/registry/batch/job/strategy.go getStatusValidationOptions gives while JobManagedBy is on (beta,
 * so by default, in 1.32): most rules apply only when a field they read changes, so a status that is already wrong
 * does not block unrelated updates.
 */
final class JobStatusValidation {
    // Go's time.Time String layout, as a field error shows a metav1.Time.
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000 UTC'")
            .withZone(ZoneOffset.UTC);

    private final JsonNode job;
    private final JsonNode old;
    private final JsonNode spec;
    private final JsonNode status;
    private final JsonNode oldStatus;
    private final List<FieldError> errors = new ArrayList<>();

    private JobStatusValidation(JsonNode job, JsonNode old) {
        this.job = job;
        this.old = old;
        this.spec = job.path("spec");
        this.status = job.path("status");
        this.oldStatus = old.path("status");
    }

    static List<FieldError> validate(JsonNode job, JsonNode old) {
        JobStatusValidation v = new JobStatusValidation(job, old);
        v.status();
        v.transitions();
        return List.copyOf(v.errors);
    }

    // validation.go validateJobStatus.
    private void status() {
        nonNegative("active");
        nonNegative("succeeded");
        nonNegative("failed");
        nonNegative("ready");
        nonNegative("terminating");
        uncountedUids();
        boolean complete = conditionTrue(job, "Complete");
        boolean failed = conditionTrue(job, "Failed");
        boolean failureTarget = conditionTrue(job, "FailureTarget");
        boolean successCriteriaMet = conditionTrue(job, "SuccessCriteriaMet");
        boolean finished = complete || failed;
        boolean completeChanged = complete != conditionTrue(old, "Complete");
        boolean failedChanged = failed != conditionTrue(old, "Failed");
        boolean finishedChanged = finished != (conditionTrue(old, "Complete") || conditionTrue(old, "Failed"));
        boolean completionTimeChanged = changed("completionTime");
        boolean startTimeChanged = changed("startTime");
        boolean activeChanged = count(status, "active") != count(oldStatus, "active");
        boolean completedIndexesChanged = !GoFields.text(status, "completedIndexes")
                .equals(GoFields.text(oldStatus, "completedIndexes"));
        boolean failedIndexesChanged = changed("failedIndexes");
        Optional<String> completionTime = text(status, "completionTime");
        Optional<String> startTime = text(status, "startTime");
        if ((completeChanged || failedChanged) && complete && failed) {
            conditions("cannot set Complete=True and Failed=true conditions");
        }
        if ((completeChanged || failureTarget != conditionTrue(old, "FailureTarget")) && complete && failureTarget) {
            conditions("cannot set Complete=True and FailureTarget=true conditions");
        }
        if ((completeChanged || completionTimeChanged) && completionTime.isPresent() && !complete) {
            errors.add(FieldError.invalid("status.completionTime", goTime(completionTime.get()),
                    "cannot set completionTime when there is no Complete=True condition"));
        }
        if ((completeChanged || completionTimeChanged) && completionTime.isEmpty() && complete) {
            errors.add(FieldError.required("status.completionTime", "completionTime is required for Complete jobs"));
        }
        if ((startTimeChanged || completionTimeChanged) && startTime.isPresent() && completionTime.isPresent()
                && before(completionTime.get(), startTime.get())) {
            errors.add(FieldError.invalid("status.completionTime", goTime(completionTime.get()),
                    "completionTime cannot be set before startTime"));
        }
        if ((failedChanged || failedIndexesChanged) && failed && !failureTarget) {
            conditions("cannot set Failed=True condition without the FailureTarget=true condition");
        }
        if ((completeChanged || successCriteriaMet != conditionTrue(old, "SuccessCriteriaMet")) && complete
                && !successCriteriaMet) {
            conditions("cannot set Complete=True condition without the SuccessCriteriaMet=true condition");
        }
        if ((finishedChanged || activeChanged) && count(status, "active") > 0 && finished) {
            errors.add(FieldError.invalid("status.active", count(status, "active"), "active>0 is invalid for finished job"));
        }
        if ((finishedChanged || startTimeChanged) && startTime.isEmpty() && finished) {
            errors.add(FieldError.required("status.startTime", "startTime is required for finished job"));
        }
        JsonNode uncounted = status.path("uncountedTerminatedPods");
        if ((finishedChanged || !Objects.equals(uncounted(status), uncounted(oldStatus))) && finished
                && (uncounted.path("succeeded").size() + uncounted.path("failed").size()) > 0) {
            errors.add(FieldError.invalid("status.uncountedTerminatedPods", uncounted,
                    "uncountedTerminatedPods needs to be empty for finished job"));
        }
        indexes(completedIndexesChanged, failedIndexesChanged);
        if ((finishedChanged || changed("terminating")) && count(status, "terminating") > 0 && finished) {
            errors.add(FieldError.invalid("status.terminating", count(status, "terminating"),
                    "terminating>0 is invalid for finished job"));
        }
        if ((changed("ready") || activeChanged) && GoFields.present(status.get("ready"))
                && count(status, "ready") > count(status, "active")) {
            errors.add(FieldError.invalid("status.ready", count(status, "ready"),
                    "cannot set more ready pods than active"));
        }
        // AllowForSuccessCriteriaMetInExtendedScope is true in 1.32, so NonIndexed jobs and jobs without a success
        // policy may carry SuccessCriteriaMet (the controller sets it on reaching the completions).
        if (successCriteriaMet && failed) {
            conditions("cannot set SuccessCriteriaMet=True and Failed=true conditions");
        }
        if (successCriteriaMet && failureTarget) {
            conditions("cannot set SuccessCriteriaMet=True and FailureTarget=true conditions");
        }
        if (GoFields.present(spec.get("successPolicy")) && !successCriteriaMet && complete) {
            conditions("cannot set Complete=True for Job with SuccessPolicy unless SuccessCriteriaMet=True");
        }
    }

    // The completed and failed indexes: format, the completion mode, backoffLimitPerIndex and overlap.
    private void indexes(boolean completedChanged, boolean failedChanged) {
        String completed = GoFields.text(status, "completedIndexes");
        Optional<String> failed = text(status, "failedIndexes");
        boolean hasCompletions = GoFields.present(spec.get("completions"));
        long completions = spec.path("completions").asLong(0);
        boolean perIndex = GoFields.present(spec.get("backoffLimitPerIndex"));
        if (completedChanged && hasCompletions) {
            IndexesFormat.check(completed, completions).error().ifPresent(e -> errors.add(FieldError.invalid(
                    "status.completedIndexes", completed, "error parsing completedIndexes: " + e)));
        }
        if (failedChanged && hasCompletions && perIndex && failed.isPresent()) {
            IndexesFormat.check(failed.get(), completions).error().ifPresent(e -> errors.add(FieldError.invalid(
                    "status.failedIndexes", failed.get(), "error parsing failedIndexes: " + e)));
        }
        if (completedChanged && !completed.isEmpty() && !"Indexed".equals(GoFields.text(spec, "completionMode"))) {
            errors.add(FieldError.invalid("status.completedIndexes", completed,
                    "cannot set non-empty completedIndexes when non-indexed completion mode"));
        }
        if (failedChanged && !perIndex && failed.isPresent()) {
            errors.add(FieldError.invalid("status.failedIndexes", failed.get(),
                    "cannot set non-null failedIndexes when backoffLimitPerIndex is null"));
        }
        if ((failedChanged || completedChanged) && hasCompletions && failed.isPresent()) {
            IndexesFormat.firstOverlap(completed, failed.get(), completions).ifPresent(at -> errors.add(
                    FieldError.invalid("status.failedIndexes", failed.get(),
                            "failedIndexes and completedIndexes overlap at index: " + at)));
        }
    }

    // validation.go ValidateJobStatusUpdate: the rules on the change itself.
    private void transitions() {
        for (String type : List.of("Failed", "Complete", "FailureTarget")) {
            if (conditionTrue(old, type) && !conditionTrue(job, type)) {
                conditions("cannot disable the terminal " + type + "=True condition");
            }
        }
        if (count(status, "failed") < count(oldStatus, "failed")) {
            errors.add(FieldError.invalid("status.failed", count(status, "failed"), "cannot decrease the failed counter"));
        }
        // An Indexed job with completions equal to parallelism may be scaled down, and its count with it.
        boolean scalable = "Indexed".equals(GoFields.text(spec, "completionMode"))
                && GoFields.present(spec.get("completions")) && spec.get("completions").equals(spec.get("parallelism"));
        if (!scalable && count(status, "succeeded") < count(oldStatus, "succeeded")) {
            errors.add(FieldError.invalid("status.succeeded", count(status, "succeeded"),
                    "cannot decrease the succeeded counter"));
        }
        Optional<String> completionTime = text(status, "completionTime");
        Optional<String> oldCompletionTime = text(oldStatus, "completionTime");
        if (completionTime.isPresent() && oldCompletionTime.isPresent()
                && !sameTime(completionTime.get(), oldCompletionTime.get())) {
            errors.add(FieldError.invalid("status.completionTime", goTime(completionTime.get()),
                    "completionTime cannot be mutated"));
        }
        // The controller restarts startTime when a job resumes: k/k 1.32.x (kubernetes#134769, fixing #134521) lets
        // that update through, here as a change away from a Suspended=True status.
        if (changed("startTime") && text(oldStatus, "startTime").isPresent()
                && !spec.path("suspend").asBoolean(false) && !conditionTrue(old, "Suspended")) {
            errors.add(FieldError.required("status.startTime", "startTime cannot be removed for unsuspended job"));
        }
        if (conditionTrue(old, "SuccessCriteriaMet") && !conditionTrue(job, "SuccessCriteriaMet")) {
            conditions("cannot disable the SuccessCriteriaMet=True condition");
        }
        if (conditionTrue(old, "Complete") && !conditionTrue(old, "SuccessCriteriaMet")
                && conditionTrue(job, "SuccessCriteriaMet")) {
            conditions("cannot set SuccessCriteriaMet=True for Job already has Complete=true conditions");
        }
    }

    // k/k apimachinery validation ValidateNonnegativeField.
    private void nonNegative(String field) {
        JsonNode value = status.get(field);
        if (GoFields.present(value) && value.isNumber() && value.asLong() < 0) {
            errors.add(FieldError.invalid("status." + field, value.asLong(), "must be greater than or equal to 0"));
        }
    }

    private void uncountedUids() {
        Set<String> seen = new HashSet<>();
        for (String list : List.of("succeeded", "failed")) {
            JsonNode uids = status.path("uncountedTerminatedPods").path(list);
            for (int i = 0; i < uids.size(); i++) {
                String uid = uids.get(i).asString("");
                String path = "status.uncountedTerminatedPods." + list + "[" + i + "]";
                if (uid.isEmpty()) {
                    errors.add(FieldError.invalid(path, uid, "must not be empty"));
                } else if (!seen.add(uid)) {
                    errors.add(FieldError.duplicate(path, uid));
                }
            }
        }
    }

    private void conditions(String detail) {
        errors.add(FieldError.invalidOmittingValue("status.conditions", detail));
    }

    // Whether a pointer field of the status changed (missing and null are both nil).
    private boolean changed(String field) {
        return !Objects.equals(text(status, field), text(oldStatus, field));
    }

    // The UIDs of uncountedTerminatedPods, a missing list and an empty one alike (apiequality.Semantic).
    private static List<List<String>> uncounted(JsonNode status) {
        JsonNode u = status.path("uncountedTerminatedPods");
        List<List<String>> lists = new ArrayList<>();
        for (String list : List.of("succeeded", "failed")) {
            List<String> uids = new ArrayList<>();
            u.path(list).forEach(uid -> uids.add(uid.asString("")));
            lists.add(uids);
        }
        return lists;
    }

    static boolean conditionTrue(JsonNode job, String type) {
        for (JsonNode c : job.path("status").path("conditions")) {
            if (type.equals(GoFields.text(c, "type")) && "True".equals(GoFields.text(c, "status"))) {
                return true;
            }
        }
        return false;
    }

    private static long count(JsonNode status, String field) {
        return status.path(field).asLong(0);
    }

    private static Optional<String> text(JsonNode status, String field) {
        JsonNode value = status.get(field);
        return GoFields.present(value) ? Optional.of(value.isString() ? value.asString() : value.toString())
                : Optional.empty();
    }

    private static boolean before(String a, String b) {
        try {
            return Instant.parse(a).isBefore(Instant.parse(b));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean sameTime(String a, String b) {
        try {
            return Instant.parse(a).equals(Instant.parse(b));
        } catch (DateTimeParseException e) {
            return a.equals(b);
        }
    }

    // A metav1.Time in a field error is its Go String form, "2006-01-02 15:04:05 +0000 UTC".
    private static Object goTime(String value) {
        try {
            return new StringerValue(GO_TIME.format(Instant.parse(value)));
        } catch (DateTimeParseException e) {
            return value;
        }
    }
}
