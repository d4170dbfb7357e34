package skiff.apiserver.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Table rows for core/v1 nodes: {@code NAME STATUS ROLES AGE VERSION}, plus addresses and node info when wide. */
final class NodeTableConvertor implements TableConvertor {
    private static final String ROLE_LABEL_PREFIX = "node-role.kubernetes.io/";
    private static final String ROLE_LABEL = "kubernetes.io/role";
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Status", "Ready condition of the node, and whether scheduling onto it is disabled."),
            Columns.string("Roles", "Roles named by the node's role labels."),
            Columns.AGE,
            Columns.string("Version", "Kubelet version the node reports."),
            Columns.wide("Internal-IP", "First internal IP address of the node."),
            Columns.wide("External-IP", "First external IP address of the node."),
            Columns.wide("OS-Image", "Operating system image the node reports."),
            Columns.wide("Kernel-Version", "Kernel version the node reports."),
            Columns.wide("Container-Runtime", "Container runtime and version the node reports."));

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode node, Instant now) {
        JsonNode status = node.path("status");
        JsonNode nodeInfo = status.path("nodeInfo");
        String roles = String.join(",", roles(node.path("metadata").path("labels")));
        return List.of(
                WireValues.name(node),
                status(node),
                Placeholders.orNone(roles),
                Age.of(node, now),
                WireValues.string(nodeInfo.path("kubeletVersion")),
                address(status, "InternalIP"),
                address(status, "ExternalIP"),
                Placeholders.orUnknown(WireValues.string(nodeInfo.path("osImage"))),
                Placeholders.orUnknown(WireValues.string(nodeInfo.path("kernelVersion"))),
                Placeholders.orUnknown(WireValues.string(nodeInfo.path("containerRuntimeVersion"))));
    }

    // k/k pkg/printers/internalversion/printers.go printNode: the Ready condition (the last one listed) gives
    // Ready or NotReady, none gives Unknown; an unschedulable node adds SchedulingDisabled.
    private static String status(JsonNode node) {
        JsonNode ready = null;
        for (JsonNode condition : WireValues.items(node.path("status").path("conditions"))) {
            if (WireValues.string(condition.path("type")).equals("Ready")) {
                ready = condition;
            }
        }
        List<String> status = new ArrayList<>();
        if (ready == null) {
            status.add("Unknown");
        } else {
            status.add(WireValues.string(ready.path("status")).equals("True") ? "Ready" : "NotReady");
        }
        if (WireValues.bool(node.path("spec").path("unschedulable"))) {
            status.add("SchedulingDisabled");
        }
        return String.join(",", status);
    }

    // k/k pkg/printers/internalversion/printers.go findNodeRoles: the suffix of each node-role.kubernetes.io/<role>
    // label and the value of a non-empty kubernetes.io/role label, deduplicated and sorted.
    private static TreeSet<String> roles(JsonNode labels) {
        TreeSet<String> roles = new TreeSet<>();
        for (Map.Entry<String, String> label : WireValues.stringMap(labels).entrySet()) {
            String key = label.getKey();
            if (key.startsWith(ROLE_LABEL_PREFIX)) {
                String role = key.substring(ROLE_LABEL_PREFIX.length());
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            } else if (key.equals(ROLE_LABEL) && !label.getValue().isEmpty()) {
                roles.add(label.getValue());
            }
        }
        return roles;
    }

    // k/k pkg/printers/internalversion/printers.go getNodeInternalIP/getNodeExternalIP: first address of the type.
    private static String address(JsonNode status, String type) {
        for (JsonNode address : WireValues.items(status.path("addresses"))) {
            if (WireValues.string(address.path("type")).equals(type)) {
                return WireValues.string(address.path("address"));
            }
        }
        return Placeholders.NONE;
    }
}
