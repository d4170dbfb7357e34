package skiff.apiserver.apiextensions;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The main endpoint of a custom resource (k/k 1.32 apiextensions-apiserver pkg/registry/customresource/strategy.go):
 * defaults from the schema, a create's status dropped when status is a subresource, the whole object validated
 * against the schema and its x-kubernetes-validations rules.
 */
final class CustomResourceStrategy implements ResourceStrategy {
    private final StructuralSchema schema;
    private final Optional<CelValidator> rules;
    private final boolean statusSubresource;
    private final boolean terminating;

    CustomResourceStrategy(StructuralSchema schema, Optional<CelValidator> rules, boolean statusSubresource,
            boolean terminating) {
        this.schema = schema;
        this.rules = rules;
        this.statusSubresource = statusSubresource;
        this.terminating = terminating;
    }

    @Override
    public void applyDefaults(ObjectNode object) {
        SchemaDefaulting.apply(object, schema);
    }

    @Override
    public void prepareForCreate(ObjectNode object) {
        // customresource_handler.go serveResource: no creates while the CRD's objects are being deleted.
        if (terminating) {
            throw StatusException.methodNotAllowed("create not allowed while custom resource definition is "
                    + "terminating");
        }
        if (statusSubresource) {
            object.remove("status");
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode object) {
        return CustomResourceValidation.validate(schema, rules, object, null);
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode object, ObjectNode old, Consumer<String> warnings) {
        return CustomResourceValidation.validate(schema, rules, object, old, warnings);
    }
}
