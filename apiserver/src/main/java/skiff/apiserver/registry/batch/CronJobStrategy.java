package skiff.apiserver.registry.batch;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import skiff.api.cron.CronSchedule;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import skiff.apiserver.registry.core.GoFields;
import skiff.apiserver.registry.core.PodSpecDefaults;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * batch/v1 CronJobs (k/k pkg/registry/batch/cronjob/strategy.go, pkg/apis/batch/v1/defaults.go SetDefaults_CronJob and
 * pkg/apis/batch/validation/validation.go ValidateCronJobCreate/Update, 1.32).
 */
public enum CronJobStrategy implements ResourceStrategy {
    INSTANCE;

    // k/k batch validation.go validTimeZoneCharacters.
    private static final Pattern ZONE_PART = Pattern.compile("^[A-Za-z\\.\\-_0-9+]{1,14}$");
    // k/k batch validation.go ValidateCronJobCreate: room for the 11-character "-<minutes>" job name suffix.
    private static final int MAX_NAME = 52;

    @Override
    public void applyDefaults(ObjectNode cronJob) {
        ObjectNode spec = GoFields.struct(cronJob, "spec");
        if (spec == null) {
            return;
        }
        if (!GoFields.present(spec.get("concurrencyPolicy"))) {
            spec.put("concurrencyPolicy", "Allow");
        }
        if (!GoFields.present(spec.get("suspend"))) {
            spec.put("suspend", false);
        }
        if (!GoFields.present(spec.get("successfulJobsHistoryLimit"))) {
            spec.put("successfulJobsHistoryLimit", 3);
        }
        if (!GoFields.present(spec.get("failedJobsHistoryLimit"))) {
            spec.put("failedJobsHistoryLimit", 1);
        }
        ObjectNode template = GoFields.struct(spec, "jobTemplate");
        ObjectNode jobSpec = template == null ? null : GoFields.struct(template, "spec");
        if (jobSpec != null) {
            ObjectNode podTemplate = GoFields.struct(jobSpec, "template");
            if (podTemplate != null && GoFields.struct(podTemplate, "spec") instanceof ObjectNode podSpec) {
                PodSpecDefaults.applyToTemplateSpec(podSpec);
            }
        }
    }

    @Override
    public void prepareForCreate(ObjectNode cronJob) {
        cronJob.remove("status");
    }

    @Override
    public void prepareForUpdate(ObjectNode cronJob, ObjectNode old) {
        if (old.has("status")) {
            cronJob.set("status", old.get("status").deepCopy());
        } else {
            cronJob.remove("status");
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode cronJob) {
        List<FieldError> errors = new ArrayList<>();
        String name = cronJob.path("metadata").path("name").asString("");
        if (name.length() > MAX_NAME) {
            errors.add(FieldError.invalid("metadata.name", name, "must be no more than 52 characters"));
        }
        errors.addAll(spec(cronJob.path("spec"), null));
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode cronJob, ObjectNode old) {
        return spec(cronJob.path("spec"), old.path("spec"));
    }

    // k/k batch validation.go validateCronJobSpec: on update a TZ the old schedule had stays allowed, and a time
    // zone is checked only when it changes.
    private static List<FieldError> spec(JsonNode spec, JsonNode oldSpec) {
        boolean allowZoneInSchedule = oldSpec != null && GoFields.text(oldSpec, "schedule").contains("TZ");
        List<FieldError> errors = new ArrayList<>();
        String schedule = GoFields.text(spec, "schedule");
        if (schedule.isEmpty()) {
            errors.add(FieldError.required("spec.schedule", ""));
        } else {
            errors.addAll(schedule(schedule, allowZoneInSchedule, GoFields.present(spec.get("timeZone"))));
        }
        if (oldSpec == null || !Objects.equals(present(spec.get("timeZone")), present(oldSpec.get("timeZone")))) {
            errors.addAll(timeZone(spec.get("timeZone")));
        }
        for (String field : List.of("startingDeadlineSeconds", "successfulJobsHistoryLimit",
                "failedJobsHistoryLimit")) {
            long value = spec.path(field).asLong(0);
            if (value < 0) {
                errors.add(FieldError.invalid("spec." + field, value, "must be greater than or equal to 0"));
            }
        }
        String policy = GoFields.text(spec, "concurrencyPolicy");
        if (policy.isEmpty()) {
            errors.add(FieldError.required("spec.concurrencyPolicy", ""));
        } else if (!List.of("Allow", "Forbid", "Replace").contains(policy)) {
            errors.add(FieldError.notSupported("spec.concurrencyPolicy", policy, List.of("Allow", "Forbid", "Replace")));
        }
        errors.addAll(JobValidation.spec(spec.path("jobTemplate").path("spec"), "spec.jobTemplate.spec", false));
        return errors;
    }

    // k/k batch validation.go validateScheduleFormat: robfig's error text, and no TZ in the schedule unless the
    // stored one already had it.
    static List<FieldError> schedule(String schedule, boolean allowZoneInSchedule, boolean hasTimeZone) {
        List<FieldError> errors = new ArrayList<>();
        try {
            CronSchedule.parse(schedule);
        } catch (IllegalArgumentException e) {
            errors.add(FieldError.invalid("spec.schedule", schedule, e.getMessage()));
        }
        if (allowZoneInSchedule && schedule.contains("TZ") && hasTimeZone) {
            errors.add(FieldError.invalid("spec.schedule", schedule,
                    "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
        } else if (!allowZoneInSchedule && schedule.contains("TZ")) {
            errors.add(FieldError.invalid("spec.schedule", schedule,
                    "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
        }
        return errors;
    }

    private static JsonNode present(JsonNode node) {
        return GoFields.present(node) ? node : null;
    }

    // k/k batch validation.go validateTimeZone: an IANA name Go's time.LoadLocation knows, never "Local".
    static List<FieldError> timeZone(JsonNode node) {
        if (!GoFields.present(node)) {
            return List.of();
        }
        String zone = node.asString("");
        if (zone.isEmpty()) {
            return List.of(FieldError.invalid("spec.timeZone", zone, "timeZone must be nil or non-empty string"));
        }
        for (String part : zone.split("/", -1)) {
            if (part.equals(".") || part.equals("..") || part.startsWith("-") || !ZONE_PART.matcher(part).matches()) {
                return List.of(FieldError.invalid("spec.timeZone", zone, "unknown time zone " + zone));
            }
        }
        if (zone.equalsIgnoreCase("Local")) {
            return List.of(FieldError.invalid("spec.timeZone", zone,
                    "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
        }
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            return List.of(FieldError.invalid("spec.timeZone", zone, "unknown time zone " + zone));
        }
        return List.of();
    }
}
