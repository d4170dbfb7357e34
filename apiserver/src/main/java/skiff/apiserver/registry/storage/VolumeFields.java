package skiff.apiserver.registry.storage;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameValidation;
import skiff.apiserver.registry.core.GoFields;
import tools.jackson.databind.JsonNode;

/**
 * The rules PersistentVolumes and PersistentVolumeClaims share (k/k pkg/apis/core/validation/validation.go, 1.32:
 * supportedAccessModes, supportedVolumeModes, ValidateClassName, ValidatePositiveQuantityValue).
 */
final class VolumeFields {
    // validation.go supportedAccessModes and supportedVolumeModes, in the sorted order NotSupported lists them.
    static final List<String> ACCESS_MODES = List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce",
            "ReadWriteOncePod");
    static final List<String> VOLUME_MODES = List.of("Block", "Filesystem");

    private VolumeFields() {}

    /** Each mode supported, and ReadWriteOncePod alone; {@code required} names the message of an empty list. */
    static List<FieldError> accessModes(JsonNode spec, String path, String requiredDetail) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode modes = spec.path("accessModes");
        if (modes.isEmpty()) {
            errors.add(FieldError.required(path, requiredDetail));
        }
        boolean once = false;
        boolean other = false;
        for (JsonNode m : modes) {
            String mode = m.asString("");
            if (!ACCESS_MODES.contains(mode)) {
                errors.add(FieldError.notSupported(path, mode, ACCESS_MODES));
            } else if (mode.equals("ReadWriteOncePod")) {
                once = true;
            } else {
                other = true;
            }
        }
        if (once && other) {
            errors.add(FieldError.forbidden(path, "may not use ReadWriteOncePod with other access modes"));
        }
        return errors;
    }

    static List<FieldError> className(String name, String path) {
        if (name.isEmpty()) {
            return List.of();
        }
        return NameValidation.isDns1123Subdomain(name).stream().map(msg -> FieldError.invalid(path, name, msg))
                .toList();
    }

    static List<FieldError> volumeMode(JsonNode spec, String path) {
        JsonNode mode = spec.get("volumeMode");
        if (GoFields.present(mode) && !VOLUME_MODES.contains(mode.asString(""))) {
            return List.of(FieldError.notSupported(path, mode.asString(""), VOLUME_MODES));
        }
        return List.of();
    }

    // validation.go ValidatePositiveQuantityValue.
    static List<FieldError> positiveQuantity(JsonNode value, String path) {
        String text = value.isString() ? value.asString() : value.toString();
        BigDecimal amount = bytes(text);
        if (amount != null && amount.signum() <= 0) {
            return List.of(FieldError.invalid(path, text, "must be greater than zero"));
        }
        return List.of();
    }

    /** The quantity as a number; null when it does not parse (the decoder refuses such text first). */
    static BigDecimal bytes(String text) {
        try {
            return Quantity.getAmountInBytes(new Quantity(text));
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    static BigDecimal bytes(JsonNode value) {
        return GoFields.present(value) ? bytes(value.isString() ? value.asString() : value.toString()) : null;
    }
}
