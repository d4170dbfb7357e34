package skiff.apiserver.registry;

import java.util.List;
import skiff.api.validation.FieldError;
import skiff.api.validation.ObjectMetaValidation;
import skiff.apiserver.resource.ResourceDefinition;
import tools.jackson.databind.node.ObjectNode;

/** Object metadata checks for a resource, with the name rule its definition names. */
final class MetadataValidation {
    private MetadataValidation() {}

    static List<FieldError> validate(ResourceDefinition def, ObjectNode meta) {
        return ObjectMetaValidation.validate(meta, def.namespaced(), def.nameRule());
    }
}
