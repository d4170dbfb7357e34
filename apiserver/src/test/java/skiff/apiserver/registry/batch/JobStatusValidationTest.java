package skiff.apiserver.registry.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes of jobs/status against k/k 1.32 ValidateJobUpdateStatus with the options of strategy.go
 * getStatusValidationOptions (JobManagedBy on): messages and field paths.
 */
class JobStatusValidationTest {
    private static final String RUNNING = "{startTime: '2026-06-01T12:00:00Z', active: 1, ready: 0}";

    record Case(String name, String spec, String oldStatus, String status, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case update(String name, String spec, String oldStatus, String status, String... errors) {
        return new Case(name, spec, oldStatus, status, List.of(errors));
    }

    static Stream<Case> cases() {
        String indexed = "{completions: 4, parallelism: 2, completionMode: Indexed, backoffLimitPerIndex: 1}";
        return Stream.of(
                update("the controller's own completion is valid", "{}", RUNNING,
                        "{startTime: '2026-06-01T12:00:00Z', completionTime: '2026-06-01T12:01:00Z', succeeded: 1, "
                                + "ready: 0, conditions: [{type: SuccessCriteriaMet, status: 'True'}, "
                                + "{type: Complete, status: 'True'}]}"),
                update("counts are not negative", "{}", RUNNING,
                        "{startTime: '2026-06-01T12:00:00Z', active: -1, succeeded: -2, failed: -3, ready: -4, "
                                + "terminating: -5}",
                        "status.active: Invalid value: -1: must be greater than or equal to 0",
                        "status.succeeded: Invalid value: -2: must be greater than or equal to 0",
                        "status.failed: Invalid value: -3: must be greater than or equal to 0",
                        "status.ready: Invalid value: -4: must be greater than or equal to 0",
                        "status.terminating: Invalid value: -5: must be greater than or equal to 0",
                        "status.failed: Invalid value: -3: cannot decrease the failed counter",
                        "status.succeeded: Invalid value: -2: cannot decrease the succeeded counter"),
                update("uncounted pods are named once", "{}", RUNNING,
                        "{startTime: '2026-06-01T12:00:00Z', active: 1, uncountedTerminatedPods: "
                                + "{succeeded: [a, ''], failed: [a]}}",
                        "status.uncountedTerminatedPods.succeeded[1]: Invalid value: \"\": must not be empty",
                        "status.uncountedTerminatedPods.failed[0]: Duplicate value: \"a\""),
                update("Complete needs completionTime, SuccessCriteriaMet and no active pods", "{}", RUNNING,
                        "{startTime: '2026-06-01T12:00:00Z', active: 1, conditions: [{type: Complete, status: 'True'}]}",
                        "status.completionTime: Required value: completionTime is required for Complete jobs",
                        "status.conditions: Invalid value: cannot set Complete=True condition without the "
                                + "SuccessCriteriaMet=true condition",
                        "status.active: Invalid value: 1: active>0 is invalid for finished job"),
                update("Complete and Failed exclude each other", "{}", RUNNING,
                        "{startTime: '2026-06-01T12:00:00Z', completionTime: '2026-06-01T12:01:00Z', conditions: ["
                                + "{type: SuccessCriteriaMet, status: 'True'}, {type: FailureTarget, status: 'True'}, "
                                + "{type: Complete, status: 'True'}, {type: Failed, status: 'True'}]}",
                        "status.conditions: Invalid value: cannot set Complete=True and Failed=true conditions",
                        "status.conditions: Invalid value: cannot set Complete=True and FailureTarget=true conditions",
                        "status.conditions: Invalid value: cannot set SuccessCriteriaMet=True and Failed=true "
                                + "conditions",
                        "status.conditions: Invalid value: cannot set SuccessCriteriaMet=True and FailureTarget=true "
                                + "conditions"),
                update("Failed needs FailureTarget, a startTime and no terminating or uncounted pods", "{}",
                        "{active: 0, terminating: 1}",
                        "{terminating: 1, uncountedTerminatedPods: {failed: [a]}, conditions: [{type: Failed, status: "
                                + "'True'}]}",
                        "status.conditions: Invalid value: cannot set Failed=True condition without the "
                                + "FailureTarget=true condition",
                        "status.startTime: Required value: startTime is required for finished job",
                        "status.uncountedTerminatedPods: Invalid value: {\"failed\":[\"a\"]}: uncountedTerminatedPods "
                                + "needs to be empty for finished job",
                        "status.terminating: Invalid value: 1: terminating>0 is invalid for finished job"),
                update("completionTime only with Complete, never before startTime", "{}", RUNNING,
                        "{startTime: '2026-06-01T12:00:00Z', active: 1, completionTime: '2026-06-01T11:00:00Z'}",
                        "status.completionTime: Invalid value: 2026-06-01 11:00:00 +0000 UTC: cannot set "
                                + "completionTime when there is no Complete=True condition",
                        "status.completionTime: Invalid value: 2026-06-01 11:00:00 +0000 UTC: completionTime cannot "
                                + "be set before startTime"),
                update("ready pods are active pods", "{}", RUNNING,
                        "{startTime: '2026-06-01T12:00:00Z', active: 1, ready: 2}",
                        "status.ready: Invalid value: 2: cannot set more ready pods than active"),
                update("indexes parse, stay below completions and do not overlap", indexed, RUNNING,
                        "{startTime: '2026-06-01T12:00:00Z', active: 1, completedIndexes: '0-1,4', "
                                + "failedIndexes: '1-x'}",
                        "status.completedIndexes: Invalid value: \"0-1,4\": error parsing completedIndexes: too large "
                                + "index: \"4\"",
                        "status.failedIndexes: Invalid value: \"1-x\": error parsing failedIndexes: cannot convert "
                                + "string to integer for index: \"x\""),
                update("a failed index is not a completed one", indexed, RUNNING,
                        "{startTime: '2026-06-01T12:00:00Z', active: 1, completedIndexes: '0-2', failedIndexes: '2'}",
                        "status.failedIndexes: Invalid value: \"2\": failedIndexes and completedIndexes overlap at "
                                + "index: 2"),
                update("indexes need their modes", "{}", RUNNING,
                        "{startTime: '2026-06-01T12:00:00Z', active: 1, completedIndexes: '0', failedIndexes: ''}",
                        "status.completedIndexes: Invalid value: \"0\": cannot set non-empty completedIndexes when "
                                + "non-indexed completion mode",
                        "status.failedIndexes: Invalid value: \"\": cannot set non-null failedIndexes when "
                                + "backoffLimitPerIndex is null"),
                update("a wrong status already stored does not block unrelated updates", "{}",
                        "{startTime: '2026-06-01T12:00:00Z', active: 1, ready: 3}",
                        "{startTime: '2026-06-01T12:00:00Z', active: 1, ready: 3, failed: 1}"),
                update("terminal conditions and counters do not go back", "{}",
                        "{startTime: '2026-06-01T12:00:00Z', completionTime: '2026-06-01T12:01:00Z', succeeded: 2, "
                                + "failed: 1, conditions: [{type: SuccessCriteriaMet, status: 'True'}, "
                                + "{type: Complete, status: 'True'}]}",
                        "{startTime: '2026-06-01T12:00:00Z', completionTime: '2026-06-01T12:02:00Z', succeeded: 1}",
                        "status.completionTime: Invalid value: 2026-06-01 12:02:00 +0000 UTC: cannot set "
                                + "completionTime when there is no Complete=True condition",
                        "status.conditions: Invalid value: cannot disable the terminal Complete=True condition",
                        "status.failed: Invalid value: 0: cannot decrease the failed counter",
                        "status.succeeded: Invalid value: 1: cannot decrease the succeeded counter",
                        "status.completionTime: Invalid value: 2026-06-01 12:02:00 +0000 UTC: completionTime cannot "
                                + "be mutated",
                        "status.conditions: Invalid value: cannot disable the SuccessCriteriaMet=True condition"),
                update("a job with a success policy completes through SuccessCriteriaMet only",
                        "{completions: 2, completionMode: Indexed, successPolicy: {rules: [{succeededCount: 1}]}}",
                        "{startTime: '2026-06-01T12:00:00Z', completionTime: '2026-06-01T12:01:00Z', succeeded: 1, "
                                + "completedIndexes: '0', conditions: [{type: Complete, status: 'True'}]}",
                        "{startTime: '2026-06-01T12:00:00Z', completionTime: '2026-06-01T12:01:00Z', succeeded: 1, "
                                + "completedIndexes: '0', conditions: [{type: Complete, status: 'True'}, "
                                + "{type: SuccessCriteriaMet, status: 'True'}]}",
                        "status.conditions: Invalid value: cannot set SuccessCriteriaMet=True for Job already has "
                                + "Complete=true conditions"),
                update("an unsuspended job keeps its startTime", "{}", RUNNING,
                        "{startTime: '2026-06-01T12:05:00Z', active: 1}",
                        "status.startTime: Required value: startTime cannot be removed for unsuspended job"),
                update("a resumed job starts its startTime again", "{}",
                        "{startTime: '2026-06-01T12:00:00Z', conditions: [{type: Suspended, status: 'True'}]}",
                        "{startTime: '2026-06-01T12:05:00Z', active: 1, conditions: [{type: Suspended, status: "
                                + "'False'}]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesStatusUpdatesAsKubernetesDoes(Case c) {
        ObjectNode old = job(c.spec(), c.oldStatus());
        ObjectNode job = job(c.spec(), c.status());
        JobStatusStrategy.INSTANCE.prepareForUpdate(job, old);

        List<String> errors = JobStatusStrategy.INSTANCE.validateUpdate(job, old).stream()
                .map(FieldError::fullMessage).toList();

        assertThat(errors).containsExactlyElementsOf(c.errors());
    }

    private static ObjectNode job(String spec, String status) {
        ObjectNode job = (ObjectNode) Json.parseYaml("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: j, namespace: ns}
                spec: {completions: 1, parallelism: 1, completionMode: NonIndexed, backoffLimit: 6}
                """.getBytes(StandardCharsets.UTF_8));
        ((ObjectNode) job.get("spec")).setAll((ObjectNode) Json.parseYaml(spec.getBytes(StandardCharsets.UTF_8)));
        job.set("status", Json.parseYaml(status.getBytes(StandardCharsets.UTF_8)));
        return job;
    }
}
