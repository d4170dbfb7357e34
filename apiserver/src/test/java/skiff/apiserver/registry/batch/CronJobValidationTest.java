package skiff.apiserver.registry.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import tools.jackson.databind.node.ObjectNode;

class CronJobValidationTest {

    // k/k 1.32 batch validation.go validateCronJobSpec: the time zone is checked on create and when it changes.
    @Test
    void aStoredTimeZoneIsCheckedOnlyWhenItChanges() {
        ObjectNode old = cronJob();
        old.withObject("spec").put("timeZone", "Mars/Olympus_Mons");
        ObjectNode rescheduled = old.deepCopy();
        rescheduled.withObject("spec").put("schedule", "0 4 * * *");

        assertThat(CronJobStrategy.INSTANCE.validate(old)).extracting(FieldError::fullMessage).containsExactly(
                "spec.timeZone: Invalid value: \"Mars/Olympus_Mons\": unknown time zone Mars/Olympus_Mons");
        assertThat(CronJobStrategy.INSTANCE.validateUpdate(rescheduled, old)).isEmpty();
        rescheduled.withObject("spec").put("timeZone", "Venus/Maxwell");
        assertThat(CronJobStrategy.INSTANCE.validateUpdate(rescheduled, old)).extracting(FieldError::fullMessage)
                .containsExactly("spec.timeZone: Invalid value: \"Venus/Maxwell\": unknown time zone Venus/Maxwell");
    }

    private static ObjectNode cronJob() {
        ObjectNode cronJob = (ObjectNode) Json.parseYaml("""
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: nightly, namespace: ns}
                spec:
                  schedule: "0 3 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: Never
                          containers: [{name: main, image: busybox}]
                """.getBytes(StandardCharsets.UTF_8));
        CronJobStrategy.INSTANCE.applyDefaults(cronJob);
        return cronJob;
    }
}
