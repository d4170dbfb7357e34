package skiff.apiserver.registry.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Job specs against k/k 1.32 pkg/apis/batch/validation/validation_test.go's messages and field paths. */
class JobValidationTest {

    record Case(String name, String spec, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case job(String name, String spec, String... errors) {
        return new Case(name, spec, List.of(errors));
    }

    static Stream<Case> cases() {
        return Stream.of(
                job("an Indexed job with backoffLimitPerIndex and maxFailedIndexes is valid",
                        "{completions: 4, parallelism: 2, completionMode: Indexed, backoffLimitPerIndex: 1, "
                                + "maxFailedIndexes: 2, successPolicy: {rules: [{succeededIndexes: '0,2-3', "
                                + "succeededCount: 2}]}}"),
                job("backoffLimitPerIndex needs Indexed", "{backoffLimitPerIndex: 1}",
                        "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode"),
                job("maxFailedIndexes needs backoffLimitPerIndex and Indexed", "{maxFailedIndexes: 1}",
                        "spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified",
                        "spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode"),
                job("maxFailedIndexes is at most completions",
                        "{completions: 3, completionMode: Indexed, backoffLimitPerIndex: 0, maxFailedIndexes: 4}",
                        "spec.maxFailedIndexes: Invalid value: 4: must be less than or equal to completions"),
                job("more than 10^5 completions with backoffLimitPerIndex need maxFailedIndexes and less parallelism",
                        "{completions: 100001, parallelism: 10001, completionMode: Indexed, backoffLimitPerIndex: 0}",
                        "spec.maxFailedIndexes: Required value: must be specified when completions is above 100000",
                        "spec.parallelism: Invalid value: 10001: must be less than or equal to 10000 when "
                                + "completions are above 100000 and used with backoff limit per index"),
                job("an Indexed job runs at most 10^5 pods at once",
                        "{completions: 200000, parallelism: 100001, completionMode: Indexed}",
                        "spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when "
                                + "completion mode is Indexed"),
                job("a success policy needs Indexed", "{successPolicy: {rules: [{succeededCount: 1}]}}",
                        "spec.successPolicy: Invalid value: {\"rules\":[{\"succeededCount\":1}]}: requires indexed "
                                + "completion mode"),
                job("a success policy needs rules", "{completions: 2, completionMode: Indexed, successPolicy: {}}",
                        "spec.successPolicy.rules: Required value: at least one rules must be specified when the "
                                + "successPolicy is specified"),
                job("a success policy rule needs indexes or a count",
                        "{completions: 2, completionMode: Indexed, successPolicy: {rules: [{}]}}",
                        "spec.successPolicy.rules[0]: Required value: at least one of succeededCount or "
                                + "succeededIndexes must be specified"),
                job("succeededIndexes must parse and stay below completions",
                        "{completions: 5, completionMode: Indexed, successPolicy: {rules: [{succeededIndexes: '0-x'},"
                                + " {succeededIndexes: '3,1'}, {succeededIndexes: '5'}]}}",
                        "spec.successPolicy.rules[0].succeededIndexes: Invalid value: \"0-x\": error parsing "
                                + "succeededIndexes: cannot convert string to integer for index: \"x\"",
                        "spec.successPolicy.rules[1].succeededIndexes: Invalid value: \"3,1\": error parsing "
                                + "succeededIndexes: non-increasing order, previous: 3, current: 1",
                        "spec.successPolicy.rules[2].succeededIndexes: Invalid value: \"5\": error parsing "
                                + "succeededIndexes: too large index: \"5\""),
                job("succeededCount is at most the completions and the rule's indexes",
                        "{completions: 5, completionMode: Indexed, successPolicy: {rules: [{succeededCount: 6}, "
                                + "{succeededIndexes: '0-1', succeededCount: 3}]}}",
                        "spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to "
                                + "5 (the number of specified completions)",
                        "spec.successPolicy.rules[1].succeededCount: Invalid value: 3: must be less than or equal to "
                                + "2 (the number of indexes in the specified succeededIndexes field)"),
                job("FailIndex needs backoffLimitPerIndex",
                        "{podFailurePolicy: {rules: [{action: FailIndex, onExitCodes: {operator: In, values: [1]}}]}}",
                        "spec.podFailurePolicy.rules[0].action: Invalid value: \"FailIndex\": requires the "
                                + "backoffLimitPerIndex to be set"),
                job("pod failure policy rules are checked",
                        "{podFailurePolicy: {rules: [{action: Retry, onExitCodes: {operator: In, values: [0, 3, 2, 2],"
                                + " containerName: side}}, {action: Ignore}]}}",
                        "spec.podFailurePolicy.rules[0].action: Unsupported value: \"Retry\": supported values: "
                                + "\"Count\", \"FailIndex\", \"FailJob\", \"Ignore\"",
                        "spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: \"side\": must be "
                                + "one of the container or initContainer names in the pod template",
                        "spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for "
                                + "the In operator",
                        "spec.podFailurePolicy.rules[0].onExitCodes.values[3]: Duplicate value: 2",
                        "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [0,3,2,2]: must be ordered",
                        "spec.podFailurePolicy.rules[1]: Invalid value: specifying one of OnExitCodes and "
                                + "OnPodConditions is required"),
                job("a pod failure policy replaces only failed pods",
                        "{podReplacementPolicy: TerminatingOrFailed, podFailurePolicy: {rules: [{action: Ignore, "
                                + "onPodConditions: [{type: DisruptionTarget}]}]}}",
                        "spec.podReplacementPolicy: Unsupported value: \"TerminatingOrFailed\": supported values: "
                                + "\"Failed\""),
                job("podReplacementPolicy is Failed or TerminatingOrFailed", "{podReplacementPolicy: Always}",
                        "spec.podReplacementPolicy: Unsupported value: \"Always\": supported values: \"Failed\", "
                                + "\"TerminatingOrFailed\""),
                job("managedBy is a domain-prefixed path", "{managedBy: queue}",
                        "spec.managedBy: Invalid value: \"queue\": must be a domain-prefixed path (such as "
                                + "\"acme.io/foo\")"),
                job("managedBy has at most 63 characters", "{managedBy: 'example.com/" + "q".repeat(60) + "'}",
                        "spec.managedBy: Too long: may not be more than 63 bytes"),
                job("a pod failure policy needs restartPolicy Never",
                        "{template: {metadata: {labels: {app: j}}, spec: {restartPolicy: OnFailure, containers: "
                                + "[{name: main, image: busybox}]}}, podFailurePolicy: {rules: [{action: Ignore, "
                                + "onExitCodes: {operator: In, values: [1]}}]}}",
                        "spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported "
                                + "when podFailurePolicy is specified"),
                job("restartPolicy Always is a missing one",
                        "{template: {metadata: {labels: {app: j}}, spec: {restartPolicy: Always, containers: "
                                + "[{name: main, image: busybox}]}}}",
                        "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesJobsAsKubernetesDoes(Case c) {
        ObjectNode job = job(c.spec());

        List<String> errors = JobStrategy.INSTANCE.validate(job).stream().map(FieldError::fullMessage).toList();

        assertThat(errors).containsExactlyElementsOf(c.errors());
    }

    @Test
    void anIndexedJobsLastHostnameMustBeADnsLabel() {
        ObjectNode job = job("{completions: 10, completionMode: Indexed}");
        String name = "j".repeat(62);
        job.withObject("metadata").put("name", name);

        assertThat(JobStrategy.INSTANCE.validate(job)).extracting(FieldError::fullMessage).containsExactly(
                "metadata.name: Invalid value: \"" + name + "\": will not able to create pod with invalid DNS label: "
                        + name + "-9");
    }

    @Test
    void managedByIsImmutableAndIndexedCompletionsChangeOnlyWithParallelism() {
        ObjectNode old = job("{completions: 4, parallelism: 4, completionMode: Indexed, managedBy: example.com/a}");
        ObjectNode updated = old.deepCopy();
        updated.withObject("spec").put("managedBy", "example.com/b").put("completions", 5);

        assertThat(JobStrategy.INSTANCE.validateUpdate(updated, old)).extracting(FieldError::fullMessage)
                .containsExactly("spec.completions: Invalid value: 5: can only be modified in tandem with "
                        + "spec.parallelism", "spec.managedBy: Invalid value: \"example.com/b\": field is immutable");
        updated.withObject("spec").put("managedBy", "example.com/a").put("parallelism", 5);
        assertThat(JobStrategy.INSTANCE.validateUpdate(updated, old)).isEmpty();
    }

    private static ObjectNode job(String spec) {
        ObjectNode job = (ObjectNode) Json.parseYaml("""
                apiVersion: batch/v1
                kind: Job
                metadata: {name: j, namespace: ns, uid: u}
                spec:
                  selector: {matchLabels: {app: j}}
                  template:
                    metadata: {labels: {app: j}}
                    spec:
                      restartPolicy: Never
                      containers: [{name: main, image: busybox}]
                """.getBytes(StandardCharsets.UTF_8));
        JsonNode extra = Json.parseYaml(spec.getBytes(StandardCharsets.UTF_8));
        ObjectNode target = job.withObject("spec");
        extra.properties().forEach(e -> target.set(e.getKey(), e.getValue()));
        JobStrategy.INSTANCE.applyDefaults(job);
        return job;
    }
}
