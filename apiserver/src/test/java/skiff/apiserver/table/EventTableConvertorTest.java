package skiff.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Event rows, from core/v1 and from events.k8s.io/v1, which Kubernetes prints alike. */
class EventTableConvertorTest {

    record Case(String name, String group, String event, List<Object> cells) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("core event with timestamps, count and source", "", """
                        {"metadata": {"name": "web-1.17c0", "namespace": "default"},
                         "involvedObject": {"kind": "Pod", "name": "web-1", "fieldPath": "spec.containers{app}"},
                         "type": "Normal", "reason": "Pulled", "message": "  Pulled image \\"nginx\\"\\n",
                         "source": {"component": "kubelet", "host": "node-1"},
                         "firstTimestamp": "2024-05-01T11:50:00Z", "lastTimestamp": "2024-05-01T11:58:00Z", "count": 4}""",
                        List.of("2m", "Normal", "Pulled", "pod/web-1", "spec.containers{app}", "kubelet, node-1",
                                "Pulled image \"nginx\"", "10m", 4L, "web-1.17c0")),
                new Case("core event from the new API: eventTime (microseconds cut), series and reporting component", "", """
                        {"metadata": {"name": "node-2.1"},
                         "involvedObject": {"kind": "Node"},
                         "type": "Warning", "reason": "Rebooted", "message": "rebooted",
                         "source": {}, "reportingComponent": "kubelet", "reportingInstance": "",
                         "firstTimestamp": null, "lastTimestamp": null,
                         "eventTime": "2024-05-01T11:58:30.123456Z",
                         "series": {"count": 7, "lastObservedTime": "2024-05-01T11:59:30.000000Z"}}""",
                        List.of("30s", "Warning", "Rebooted", "node", "", "kubelet", "rebooted", "89s", 7L, "node-2.1")),
                new Case("singleton event without count counts one and last seen falls back to first seen", "", """
                        {"metadata": {"name": "once"},
                         "involvedObject": {"kind": "ReplicaSet", "name": "web-5d4f"},
                         "type": "Normal", "reason": "SuccessfulCreate", "message": "Created pod: web-5d4f-x",
                         "source": {"component": "replicaset-controller"},
                         "firstTimestamp": "2024-05-01T11:00:00Z"}""",
                        List.of("60m", "Normal", "SuccessfulCreate", "replicaset/web-5d4f", "", "replicaset-controller",
                                "Created pod: web-5d4f-x", "60m", 1L, "once")),
                new Case("event without any time shows <unknown>", "", """
                        {"metadata": {"name": "timeless"}, "involvedObject": {"kind": "Pod", "name": "p"}, "reason": "X"}""",
                        List.of("<unknown>", "", "X", "pod/p", "", "", "", "<unknown>", 1L, "timeless")),
                new Case("events.k8s.io event reads regarding, note and the reporting controller", "events.k8s.io", """
                        {"apiVersion": "events.k8s.io/v1", "kind": "Event",
                         "metadata": {"name": "web-1.17c1"},
                         "regarding": {"kind": "Pod", "name": "web-1", "fieldPath": "spec.containers{app}"},
                         "type": "Warning", "reason": "BackOff", "note": "Back-off restarting failed container",
                         "reportingController": "kubelet", "reportingInstance": "node-1",
                         "eventTime": "2024-05-01T11:40:00.000000Z",
                         "series": {"count": 12, "lastObservedTime": "2024-05-01T11:59:00.000000Z"}}""",
                        List.of("60s", "Warning", "BackOff", "pod/web-1", "spec.containers{app}", "kubelet, node-1",
                                "Back-off restarting failed container", "20m", 12L, "web-1.17c1")),
                new Case("events.k8s.io event reads the deprecated core fields", "events.k8s.io", """
                        {"metadata": {"name": "legacy"},
                         "regarding": {"kind": "Deployment", "name": "web"},
                         "type": "Normal", "reason": "ScalingReplicaSet", "note": "Scaled up",
                         "deprecatedSource": {"component": "deployment-controller"},
                         "deprecatedFirstTimestamp": "2024-05-01T11:00:00Z", "deprecatedLastTimestamp": "2024-05-01T11:30:00Z",
                         "deprecatedCount": 2, "reportingController": "ignored-when-source-set"}""",
                        List.of("30m", "Normal", "ScalingReplicaSet", "deployment/web", "", "deployment-controller",
                                "Scaled up", "60m", 2L, "legacy")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cellsFollowPrintEvent(Case c) {
        TableConvertor convertor = TableConvertors.forResource(c.group(), "events");

        List<Object> cells = convertor.cells(TestJson.parse(c.event()), TestJson.NOW);

        assertThat(cells).containsExactlyElementsOf(c.cells());
    }
}
