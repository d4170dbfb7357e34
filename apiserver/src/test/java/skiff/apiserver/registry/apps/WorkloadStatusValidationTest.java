package skiff.apiserver.registry.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import tools.jackson.databind.JsonNode;

class WorkloadStatusValidationTest {

    record Case(String name, WorkloadStatusValidation kind, String old, String status, List<String> errors) {
        @Override
        public String toString() {
            return kind + ": " + name;
        }
    }

    static Case of(WorkloadStatusValidation kind, String name, String status, String... errors) {
        return new Case(name, kind, "{}", status, List.of(errors));
    }

    static Case over(WorkloadStatusValidation kind, String name, String old, String status, String... errors) {
        return new Case(name, kind, old, status, List.of(errors));
    }

    static Stream<Case> cases() {
        WorkloadStatusValidation rs = WorkloadStatusValidation.REPLICA_SET;
        WorkloadStatusValidation deploy = WorkloadStatusValidation.DEPLOYMENT;
        WorkloadStatusValidation sts = WorkloadStatusValidation.STATEFUL_SET;
        WorkloadStatusValidation ds = WorkloadStatusValidation.DAEMON_SET;
        return Stream.of(
                of(rs, "a consistent status is valid", """
                        {"replicas":3,"fullyLabeledReplicas":3,"readyReplicas":2,"availableReplicas":1,
                         "observedGeneration":4}"""),
                of(rs, "an empty status is valid", "{}"),
                of(rs, "counts are not negative", """
                        {"replicas":-1,"fullyLabeledReplicas":-1,"readyReplicas":-1,"availableReplicas":-1,
                         "observedGeneration":-1}""",
                        "status.replicas: Invalid value: -1: must be greater than or equal to 0",
                        "status.fullyLabeledReplicas: Invalid value: -1: must be greater than or equal to 0",
                        "status.readyReplicas: Invalid value: -1: must be greater than or equal to 0",
                        "status.availableReplicas: Invalid value: -1: must be greater than or equal to 0",
                        "status.observedGeneration: Invalid value: -1: must be greater than or equal to 0"),
                of(rs, "no count exceeds the replicas", """
                        {"replicas":1,"fullyLabeledReplicas":2,"readyReplicas":3,"availableReplicas":3}""",
                        "status.fullyLabeledReplicas: Invalid value: 2: cannot be greater than status.replicas",
                        "status.readyReplicas: Invalid value: 3: cannot be greater than status.replicas",
                        "status.availableReplicas: Invalid value: 3: cannot be greater than status.replicas"),
                of(rs, "available pods are ready", """
                        {"replicas":3,"readyReplicas":1,"availableReplicas":2}""",
                        "status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas"),
                of(deploy, "a consistent status is valid", """
                        {"replicas":3,"updatedReplicas":3,"readyReplicas":3,"availableReplicas":2,
                         "unavailableReplicas":1,"observedGeneration":2,"collisionCount":1}"""),
                of(deploy, "counts are not negative", """
                        {"observedGeneration":-1,"updatedReplicas":-2,"unavailableReplicas":-3,"collisionCount":-4}""",
                        "status.observedGeneration: Invalid value: -1: must be greater than or equal to 0",
                        "status.updatedReplicas: Invalid value: -2: must be greater than or equal to 0",
                        "status.unavailableReplicas: Invalid value: -3: must be greater than or equal to 0",
                        "status.collisionCount: Invalid value: -4: must be greater than or equal to 0"),
                of(deploy, "no count exceeds the replicas and available pods are ready", """
                        {"replicas":1,"updatedReplicas":2,"readyReplicas":0,"availableReplicas":1}""",
                        "status.updatedReplicas: Invalid value: 2: cannot be greater than status.replicas",
                        "status.availableReplicas: Invalid value: 1: cannot be greater than readyReplicas"),
                over(deploy, "the collision count is not decremented", """
                        {"collisionCount":2}""", """
                        {"collisionCount":1}""",
                        "status.collisionCount: Invalid value: 1: cannot be decremented"),
                over(deploy, "nor dropped", """
                        {"collisionCount":2}""", "{}",
                        "status.collisionCount: Invalid value: 0: cannot be decremented"),
                over(deploy, "but may grow", """
                        {"collisionCount":2}""", """
                        {"collisionCount":3}"""),
                of(sts, "a consistent status is valid", """
                        {"replicas":3,"readyReplicas":3,"currentReplicas":2,"updatedReplicas":1,
                         "availableReplicas":3,"observedGeneration":1,"collisionCount":0}"""),
                of(sts, "counts are not negative", """
                        {"currentReplicas":-1,"observedGeneration":-1}""",
                        "status.currentReplicas: Invalid value: -1: must be greater than or equal to 0",
                        "status.observedGeneration: Invalid value: -1: must be greater than or equal to 0"),
                of(sts, "no count exceeds the replicas and available pods are ready", """
                        {"replicas":1,"readyReplicas":1,"currentReplicas":2,"updatedReplicas":2,
                         "availableReplicas":2}""",
                        "status.currentReplicas: Invalid value: 2: cannot be greater than status.replicas",
                        "status.updatedReplicas: Invalid value: 2: cannot be greater than status.replicas",
                        "status.availableReplicas: Invalid value: 2: cannot be greater than status.replicas",
                        "status.availableReplicas: Invalid value: 2: cannot be greater than status.readyReplicas"),
                over(sts, "the collision count is not decremented", """
                        {"collisionCount":1}""", """
                        {"collisionCount":0}""",
                        "status.collisionCount: Invalid value: 0: cannot be decremented"),
                of(ds, "a consistent status is valid", """
                        {"currentNumberScheduled":2,"numberMisscheduled":0,"desiredNumberScheduled":2,
                         "numberReady":2,"observedGeneration":1,"updatedNumberScheduled":2,"numberAvailable":2,
                         "collisionCount":0}"""),
                of(ds, "counts are not negative", """
                        {"currentNumberScheduled":-1,"numberMisscheduled":-1,"desiredNumberScheduled":-1,
                         "numberReady":-1,"observedGeneration":-1,"updatedNumberScheduled":-1,
                         "numberAvailable":-1,"numberUnavailable":-1,"collisionCount":-1}""",
                        "status.currentNumberScheduled: Invalid value: -1: must be greater than or equal to 0",
                        "status.numberMisscheduled: Invalid value: -1: must be greater than or equal to 0",
                        "status.desiredNumberScheduled: Invalid value: -1: must be greater than or equal to 0",
                        "status.numberReady: Invalid value: -1: must be greater than or equal to 0",
                        "status.observedGeneration: Invalid value: -1: must be greater than or equal to 0",
                        "status.updatedNumberScheduled: Invalid value: -1: must be greater than or equal to 0",
                        "status.numberAvailable: Invalid value: -1: must be greater than or equal to 0",
                        "status.numberUnavailable: Invalid value: -1: must be greater than or equal to 0",
                        "status.collisionCount: Invalid value: -1: must be greater than or equal to 0"),
                of(ds, "ready pods may outnumber the desired ones", """
                        {"desiredNumberScheduled":1,"numberReady":3}"""),
                over(ds, "the collision count is not decremented", """
                        {"collisionCount":5}""", """
                        {"collisionCount":4}""",
                        "status.collisionCount: Invalid value: 4: cannot be decremented"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validatesStatusWritesAsKubernetesDoes(Case c) {
        List<FieldError> errors = c.kind().validate(parse(c.status()), parse(c.old()));

        assertThat(errors).extracting(FieldError::fullMessage).containsExactlyElementsOf(c.errors());
    }

    private static JsonNode parse(String json) {
        return Json.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
