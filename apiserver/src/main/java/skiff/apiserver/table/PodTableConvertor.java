package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Table rows for core/v1 pods: {@code NAME READY STATUS RESTARTS AGE}, plus IP, node and readiness gates when wide. */
final class PodTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Ready", "Ready containers out of the containers that count toward readiness."),
            Columns.string("Status", "Summary of the pod's phase and of its containers' states."),
            Columns.string("Restarts", "Container restarts, with the time since the latest one ended."),
            Columns.AGE,
            Columns.wide("IP", "First IP address assigned to the pod."),
            Columns.wide("Node", "Node the pod is bound to."),
            Columns.wide("Nominated Node", "Node the scheduler nominated for the pod while preempting others."),
            Columns.wide("Readiness Gates", "Readiness gates whose condition is True, out of all gates."));

    // k/k pkg/printers/internalversion/printers.go podSuccessConditions/podFailedConditions: finished pods' rows
    // are marked Completed. The messages are Skiff's wording.
    private static final List<RowCondition> SUCCEEDED =
            List.of(RowCondition.completed("Succeeded", "All containers of the pod exited successfully."));
    private static final List<RowCondition> FAILED =
            List.of(RowCondition.completed("Failed", "The pod terminated in failure."));

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode pod, Instant now) {
        PodSummary summary = PodSummary.of(pod);
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        return List.of(
                WireValues.name(pod),
                summary.readyContainers() + "/" + summary.totalContainers(),
                summary.reason(),
                summary.restartsCell(now),
                Age.of(pod, now),
                Placeholders.orNone(firstPodIp(status)),
                Placeholders.orNone(WireValues.string(spec.path("nodeName"))),
                Placeholders.orNone(WireValues.string(status.path("nominatedNodeName"))),
                readinessGates(spec, status));
    }

    @Override
    public List<RowCondition> conditions(JsonNode pod) {
        return switch (WireValues.string(pod.path("status").path("phase"))) {
            case "Succeeded" -> SUCCEEDED;
            case "Failed" -> FAILED;
            default -> List.of();
        };
    }

    // k/k pkg/apis/core/v1/conversion.go Convert_v1_PodStatus_To_core_PodStatus: podIPs wins; a lone podIP
    // stands in for it when podIPs is empty.
    private static String firstPodIp(JsonNode status) {
        List<JsonNode> podIps = WireValues.items(status.path("podIPs"));
        if (!podIps.isEmpty()) {
            return WireValues.string(podIps.getFirst().path("ip"));
        }
        return WireValues.string(status.path("podIP"));
    }

    // k/k pkg/printers/internalversion/printers.go printPod: each gate counts if the first pod condition of its
    // type is True; no gates prints <none>.
    private static String readinessGates(JsonNode spec, JsonNode status) {
        List<JsonNode> gates = WireValues.items(spec.path("readinessGates"));
        if (gates.isEmpty()) {
            return Placeholders.NONE;
        }
        int trueConditions = 0;
        for (JsonNode gate : gates) {
            String conditionType = WireValues.string(gate.path("conditionType"));
            for (JsonNode condition : WireValues.items(status.path("conditions"))) {
                if (WireValues.string(condition.path("type")).equals(conditionType)) {
                    if (WireValues.string(condition.path("status")).equals("True")) {
                        trueConditions++;
                    }
                    break;
                }
            }
        }
        return trueConditions + "/" + gates.size();
    }
}
