package skiff.apiserver.registry.core;

import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A node's status subresource (k/k pkg/registry/core/node/strategy.go nodeStatusStrategy, 1.32): the spec stays as
 * stored and {@code status.config} only where the stored node had one; metadata changes go through, as Kubernetes
 * does not reset them for nodes (no ResetObjectMetaForStatus); validated by ValidateNodeUpdate alone.
 */
enum NodeStatusStrategy implements ResourceStrategy {
    INSTANCE;

    @Override
    public void prepareForUpdate(ObjectNode node, ObjectNode old) {
        JsonNode spec = old.get("spec");
        if (spec == null) {
            node.remove("spec");
        } else {
            node.set("spec", spec.deepCopy());
        }
        if (!GoFields.present(old.path("status").get("config")) && node.get("status") instanceof ObjectNode status) {
            status.remove("config");
        }
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode node, ObjectNode old) {
        return NodeValidation.validateUpdate(node, old);
    }
}
