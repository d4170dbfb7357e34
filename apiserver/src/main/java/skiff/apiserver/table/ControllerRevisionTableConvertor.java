package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** Table rows for apps/v1 controller revisions: {@code NAME CONTROLLER REVISION AGE}. */
final class ControllerRevisionTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Controller", "Object that controls this revision, as kind.group/name."),
            Columns.string("Revision", "Revision number of the state this object records."),
            Columns.AGE);

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printControllerRevision: REVISION is a number.
    @Override
    public List<Object> cells(JsonNode revision, Instant now) {
        return List.of(
                WireValues.name(revision),
                controller(revision),
                WireValues.integer(revision.path("revision")),
                Age.of(revision, now));
    }

    // k/k pkg/printers/internalversion/printers.go printControllerRevision and formatResourceName, with
    // metav1.GetControllerOf: the first owner reference marked controller, shown as lower-case kind[.group]/name;
    // without one, <none>.
    private static String controller(JsonNode revision) {
        for (JsonNode owner : WireValues.items(revision.path("metadata").path("ownerReferences"))) {
            if (WireValues.bool(owner.path("controller"))) {
                String group = group(WireValues.string(owner.path("apiVersion")));
                String kind = WireValues.string(owner.path("kind"));
                String name = WireValues.string(owner.path("name"));
                if (group.isEmpty() && kind.isEmpty()) {
                    return name;
                }
                String groupKind = group.isEmpty() ? kind : kind + "." + group;
                return groupKind.toLowerCase(Locale.ROOT) + "/" + name;
            }
        }
        return Placeholders.NONE;
    }

    /**
     * The group of an apiVersion ({@code apps/v1} is {@code apps}, {@code v1} is the core group). More than one
     * slash is a malformed object, which fails the whole Table as it does in Kubernetes.
     */
    // k/k staging/src/k8s.io/apimachinery/pkg/runtime/schema/group_version.go ParseGroupVersion.
    private static String group(String apiVersion) {
        if (apiVersion.isEmpty() || apiVersion.equals("/")) {
            return "";
        }
        int slash = apiVersion.indexOf('/');
        if (slash < 0) {
            return "";
        }
        if (apiVersion.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("unexpected GroupVersion string: " + apiVersion);
        }
        return apiVersion.substring(0, slash);
    }
}
