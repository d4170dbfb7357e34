package skiff.apiserver.http;

import java.util.List;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import skiff.apiserver.decode.DecodeError;
import skiff.apiserver.decode.ObjectDecoder;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The decoding of a write's object into its kind's types ({@link ObjectDecoder}), with the {@code fieldValidation}
 * parameter (k/k apiserver endpoints/handlers/rest.go fieldValidation): a value of the wrong type refuses the
 * request; fields a built-in kind does not have are never stored; {@code Strict} (kubectl's default) refuses the
 * request, {@code Warn} (the default) answers with a Warning header per field, {@code Ignore} drops them silently.
 */
final class FieldValidation {
    private enum Mode { IGNORE, WARN, STRICT }

    private final Mode mode;
    private final ResourceDefinition definition;
    private List<String> unknown = List.of();

    private FieldValidation(Mode mode, ResourceDefinition definition) {
        this.mode = mode;
        this.definition = definition;
    }

    /** Reads the parameter; {@code options} names the request's options kind for the error (CreateOptions, ...). */
    static FieldValidation of(Exchange ex, ResourceDefinition definition, String options) {
        String value = ex.param("fieldValidation");
        Mode mode = switch (value == null ? "" : value) {
            case "", "Warn" -> Mode.WARN;
            case "Ignore" -> Mode.IGNORE;
            case "Strict" -> Mode.STRICT;
            default -> throw StatusException.invalid("meta.k8s.io", options, "", List.of(FieldError.notSupported(
                    "fieldValidation", value, List.of("", "Ignore", "Strict", "Warn"))));
        };
        return new FieldValidation(mode, definition);
    }

    /**
     * Decodes {@code object} in place, removing the fields it should not have; a value of the wrong type, or under
     * Strict an unknown field, refuses the request with Kubernetes' error. Returns the object for chaining.
     */
    ObjectNode check(ObjectNode object) {
        try {
            return decode(object);
        } catch (DecodeError e) {
            throw undecodable(e.getMessage());
        }
    }

    /**
     * As {@link #check}, for the object a patch produced: a value of the wrong type is the patch's fault, an Invalid
     * "patch" field holding the patched object (k/k apiserver endpoints/handlers/patch.go applyPatchToCurrentObject,
     * 1.32).
     */
    ObjectNode checkPatched(ObjectNode patched) {
        String json = Json.string(patched);
        try {
            return decode(patched);
        } catch (DecodeError e) {
            throw StatusException.invalid("", "", "", List.of(FieldError.invalid("patch", json, e.getMessage())));
        }
    }

    private ObjectNode decode(ObjectNode object) {
        unknown = definition.isCustom() ? definition.custom().prune(object)
                : ObjectDecoder.decode(definition.apiVersion(), definition.kind(), object);
        if (mode == Mode.STRICT && !unknown.isEmpty()) {
            throw undecodable("strict decoding error: "
                    + String.join(", ", unknown.stream().map(f -> "unknown field \"" + f + "\"").toList()));
        }
        return object;
    }

    // k/k apiserver endpoints/handlers/rest.go transformDecodeError (1.32).
    private StatusException undecodable(String error) {
        return StatusException.badRequest(definition.kind() + " in version \"" + definition.version()
                + "\" cannot be handled as a " + definition.kind() + ": " + error);
    }

    /** Under Warn, one Warning header for each field the last check removed. */
    void warn(Exchange ex) {
        if (mode == Mode.WARN) {
            unknown.forEach(f -> ex.warning("unknown field \"" + f + "\""));
        }
    }
}
