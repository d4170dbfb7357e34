package skiff.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pod row apart from READY/STATUS/RESTARTS: wide cells, age and row conditions. */
class PodTableConvertorTest {
    private static final TableConvertor PODS = TableConvertors.forResource("", "pods");

    record Case(String name, String pod, List<Object> cells) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> wideCells() {
        return Stream.of(
                new Case("scheduled pod shows its first IP, node and gates", """
                        {"metadata": {"name": "web", "creationTimestamp": "2024-05-01T11:57:57Z"},
                         "spec": {"nodeName": "node-1", "containers": [{"name": "app"}],
                                  "readinessGates": [{"conditionType": "example.com/lb"}, {"conditionType": "example.com/dns"}]},
                         "status": {"phase": "Running", "podIP": "10.1.0.7",
                                    "podIPs": [{"ip": "10.1.0.7"}, {"ip": "fd00::7"}],
                                    "nominatedNodeName": "node-2",
                                    "conditions": [{"type": "example.com/lb", "status": "True"},
                                                   {"type": "example.com/dns", "status": "False"}],
                                    "containerStatuses": [{"name": "app", "ready": true, "restartCount": 0, "state": {"running": {}}}]}}""",
                        List.of("web", "1/1", "Running", "0", "2m3s", "10.1.0.7", "node-1", "node-2", "1/2")),
                new Case("podIP stands in for a missing podIPs", """
                        {"metadata": {"name": "web", "creationTimestamp": "2024-05-01T11:57:00Z"},
                         "spec": {"nodeName": "node-1", "containers": [{"name": "app"}]},
                         "status": {"phase": "Running", "podIP": "10.1.0.8"}}""",
                        List.of("web", "0/1", "Running", "0", "3m", "10.1.0.8", "node-1", "<none>", "<none>")),
                new Case("unscheduled pod shows <none> and a missing gate condition counts as not true", """
                        {"metadata": {"name": "web"},
                         "spec": {"containers": [{"name": "app"}], "readinessGates": [{"conditionType": "example.com/lb"}]},
                         "status": {"phase": "Pending"}}""",
                        List.of("web", "0/1", "Pending", "0", "<unknown>", "<none>", "<none>", "<none>", "0/1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wideCells")
    void rowHasEveryColumnIncludingWideOnes(Case c) {
        assertThat(PODS.cells(TestJson.parse(c.pod()), TestJson.NOW)).containsExactlyElementsOf(c.cells());
    }

    @Test
    void columnsAreThoseOfKubectlGetPods() {
        assertThat(PODS.columns()).extracting(ColumnDefinition::name, ColumnDefinition::type, ColumnDefinition::priority)
                .containsExactly(
                        tuple("Name", "string", 0),
                        tuple("Ready", "string", 0),
                        tuple("Status", "string", 0),
                        tuple("Restarts", "string", 0),
                        tuple("Age", "string", 0),
                        tuple("IP", "string", 1),
                        tuple("Node", "string", 1),
                        tuple("Nominated Node", "string", 1),
                        tuple("Readiness Gates", "string", 1));
        assertThat(PODS.columns().getFirst().format()).isEqualTo("name");
    }

    @Test
    void succeededPodRowIsMarkedCompleted() {
        var pod = TestJson.parse("""
                {"metadata": {"name": "job-1"}, "spec": {"containers": [{"name": "app"}]}, "status": {"phase": "Succeeded"}}""");

        assertThat(PODS.conditions(pod)).singleElement().satisfies(condition -> {
            assertThat(condition.type()).isEqualTo("Completed");
            assertThat(condition.status()).isEqualTo("True");
            assertThat(condition.reason()).isEqualTo("Succeeded");
            assertThat(condition.message()).isNotEmpty();
        });
    }

    @Test
    void failedPodRowIsMarkedCompletedWithReasonFailed() {
        var pod = TestJson.parse("""
                {"metadata": {"name": "job-1"}, "spec": {"containers": [{"name": "app"}]}, "status": {"phase": "Failed"}}""");

        assertThat(PODS.conditions(pod)).extracting(RowCondition::type, RowCondition::reason)
                .containsExactly(tuple("Completed", "Failed"));
    }

    @Test
    void runningPodRowHasNoConditions() {
        var pod = TestJson.parse("""
                {"metadata": {"name": "web"}, "spec": {"containers": [{"name": "app"}]}, "status": {"phase": "Running"}}""");

        assertThat(PODS.conditions(pod)).isEmpty();
    }
}
