package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Table rows for core/v1 PersistentVolumes: {@code NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM
 * STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE} and, wide, {@code VOLUMEMODE}.
 */
final class PersistentVolumeTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("Capacity", "The storage capacity of the volume."),
            Columns.string("Access Modes", "The ways the volume can be mounted."),
            Columns.string("Reclaim Policy", "What happens to the volume when its claim is released."),
            Columns.string("Status", "The phase of the volume."),
            Columns.string("Claim", "The claim bound to the volume."),
            Columns.string("StorageClass", "The StorageClass the volume belongs to."),
            VolumeColumns.VOLUME_ATTRIBUTES_CLASS,
            Columns.string("Reason", "Why the volume is in its phase."),
            Columns.AGE,
            VolumeColumns.VOLUME_MODE);

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printPersistentVolume (1.32): a volume being deleted is
    // Terminating.
    @Override
    public List<Object> cells(JsonNode pv, Instant now) {
        JsonNode spec = pv.path("spec");
        JsonNode claim = spec.path("claimRef");
        String claimText = claim.isObject()
                ? WireValues.string(claim.path("namespace")) + "/" + WireValues.string(claim.path("name")) : "";
        String phase = pv.path("metadata").has("deletionTimestamp") ? "Terminating"
                : WireValues.string(pv.path("status").path("phase"));
        return List.of(WireValues.name(pv), VolumeColumns.quantity(spec.path("capacity").path("storage")),
                VolumeColumns.accessModes(spec.path("accessModes")),
                WireValues.string(spec.path("persistentVolumeReclaimPolicy")), phase, claimText,
                VolumeColumns.storageClass(pv), VolumeColumns.unsetOr(spec.path("volumeAttributesClassName")),
                WireValues.string(pv.path("status").path("reason")), Age.of(pv, now),
                VolumeColumns.unsetOr(spec.path("volumeMode")));
    }
}
