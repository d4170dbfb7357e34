package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Table rows for core/v1 PersistentVolumeClaims: {@code NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS
 * VOLUMEATTRIBUTESCLASS AGE} and, wide, {@code VOLUMEMODE}.
 */
final class PersistentVolumeClaimTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Status", "The phase of the claim."),
            Columns.string("Volume", "The volume bound to the claim."),
            Columns.string("Capacity", "The storage capacity of the bound volume."),
            Columns.string("Access Modes", "The ways the bound volume can be mounted."),
            Columns.string("StorageClass", "The StorageClass the claim asks for."),
            VolumeColumns.VOLUME_ATTRIBUTES_CLASS,
            Columns.AGE,
            VolumeColumns.VOLUME_MODE);

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printPersistentVolumeClaim (1.32): capacity and access modes
    // only once bound to a volume.
    @Override
    public List<Object> cells(JsonNode pvc, Instant now) {
        JsonNode spec = pvc.path("spec");
        String phase = pvc.path("metadata").has("deletionTimestamp") ? "Terminating"
                : WireValues.string(pvc.path("status").path("phase"));
        String volume = WireValues.string(spec.path("volumeName"));
        String capacity = "";
        String modes = "";
        if (!volume.isEmpty()) {
            modes = VolumeColumns.accessModes(pvc.path("status").path("accessModes"));
            capacity = VolumeColumns.quantity(pvc.path("status").path("capacity").path("storage"));
        }
        return List.of(WireValues.name(pvc), phase, volume, capacity, modes, VolumeColumns.storageClass(pvc),
                VolumeColumns.unsetOr(spec.path("volumeAttributesClassName")), Age.of(pvc, now),
                VolumeColumns.unsetOr(spec.path("volumeMode")));
    }
}
