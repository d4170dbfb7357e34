package skiff.apiserver.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** What the volume and claim printers share (k/k pkg/apis/core/helper/helpers.go GetAccessModesAsString, 1.32). */
final class VolumeColumns {
    private static final Map<String, String> SHORT_MODES = Map.of("ReadWriteOnce", "RWO", "ReadOnlyMany", "ROX",
            "ReadWriteMany", "RWX", "ReadWriteOncePod", "RWOP");
    private static final List<String> MODE_ORDER = List.of("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany",
            "ReadWriteOncePod");
    static final ColumnDefinition VOLUME_ATTRIBUTES_CLASS = Columns.string("VolumeAttributesClass",
            "The name of the VolumeAttributesClass that modifies the volume.");
    static final ColumnDefinition VOLUME_MODE = Columns.wide("VolumeMode",
            "Whether the volume is a formatted filesystem or a raw block device.");

    private VolumeColumns() {}

    /** The modes as abbreviations, in Kubernetes' fixed order, comma-separated. */
    static String accessModes(JsonNode modes) {
        List<String> present = new ArrayList<>();
        for (JsonNode m : WireValues.items(modes)) {
            present.add(WireValues.string(m));
        }
        List<String> shown = new ArrayList<>();
        for (String mode : MODE_ORDER) {
            if (present.contains(mode)) {
                shown.add(SHORT_MODES.get(mode));
            }
        }
        return String.join(",", shown);
    }

    static String quantity(JsonNode value) {
        return value.isString() ? value.stringValue() : value.isNumber() ? value.asString() : "";
    }

    /** {@code <unset>} for a field with no value, as printers.go shows volumeMode and volumeAttributesClassName. */
    static String unsetOr(JsonNode value) {
        return value.isString() ? value.stringValue() : "<unset>";
    }

    /** The storage class: the spec's, else the beta annotation's (helpers.go GetPersistentVolume(Claim)Class). */
    static String storageClass(JsonNode object) {
        JsonNode annotation = object.path("metadata").path("annotations")
                .path("volume.beta.kubernetes.io/storage-class");
        return annotation.isString() ? annotation.stringValue()
                : WireValues.string(object.path("spec").path("storageClassName"));
    }
}
