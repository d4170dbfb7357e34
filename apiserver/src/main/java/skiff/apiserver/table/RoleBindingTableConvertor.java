package skiff.apiserver.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Table rows for RoleBindings and ClusterRoleBindings: {@code NAME ROLE AGE}, and with {@code -o wide}
 * {@code USERS GROUPS SERVICEACCOUNTS} (k/k pkg/printers/internalversion/printers.go printRoleBinding and
 * printClusterRoleBinding, and pkg/apis/rbac/helpers.go SubjectsStrings, 1.32).
 */
final class RoleBindingTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Role", "RoleRef references the role this binding grants, as Kind/name."),
            Columns.AGE,
            Columns.wide("Users", "Users in the binding's subjects."),
            Columns.wide("Groups", "Groups in the binding's subjects."),
            Columns.wide("ServiceAccounts", "ServiceAccounts in the binding's subjects, as namespace:name."));

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode binding, Instant now) {
        List<String> users = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<String> serviceAccounts = new ArrayList<>();
        for (JsonNode s : binding.path("subjects")) {
            String name = WireValues.string(s.path("name"));
            switch (WireValues.string(s.path("kind"))) {
                case "User" -> users.add(name);
                case "Group" -> groups.add(name);
                case "ServiceAccount" -> {
                    String ns = WireValues.string(s.path("namespace"));
                    serviceAccounts.add(ns.isEmpty() ? name : ns + ":" + name);
                }
                default -> { }
            }
        }
        JsonNode ref = binding.path("roleRef");
        return List.of(WireValues.name(binding),
                WireValues.string(ref.path("kind")) + "/" + WireValues.string(ref.path("name")), Age.of(binding, now),
                String.join(", ", users), String.join(", ", groups), String.join(", ", serviceAccounts));
    }
}
