package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Table rows for storage.k8s.io/v1 StorageClasses: {@code NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE
 * ALLOWVOLUMEEXPANSION AGE}, the default class named with {@code (default)}.
 */
final class StorageClassTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Provisioner", "The provisioner that creates volumes of the class."),
            Columns.string("ReclaimPolicy", "What happens to the class's volumes when their claims are released."),
            Columns.string("VolumeBindingMode", "When volumes of the class are bound and provisioned."),
            Columns.string("AllowVolumeExpansion", "Whether claims of the class may grow."),
            Columns.AGE);

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printStorageClass (1.32).
    @Override
    public List<Object> cells(JsonNode sc, Instant now) {
        String name = WireValues.name(sc);
        JsonNode annotations = sc.path("metadata").path("annotations");
        if (WireValues.string(annotations.path("storageclass.kubernetes.io/is-default-class")).equals("true")
                || WireValues.string(annotations.path("storageclass.beta.kubernetes.io/is-default-class"))
                        .equals("true")) {
            name += " (default)";
        }
        String reclaim = sc.path("reclaimPolicy").isString() ? sc.path("reclaimPolicy").stringValue() : "Delete";
        String binding = sc.path("volumeBindingMode").isString() ? sc.path("volumeBindingMode").stringValue()
                : "Immediate";
        return List.of(name, WireValues.string(sc.path("provisioner")), reclaim, binding,
                String.valueOf(WireValues.bool(sc.path("allowVolumeExpansion"))), Age.of(sc, now));
    }
}
