package skiff.apiserver.registry.core;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nodes (k/k pkg/registry/core/node/strategy.go nodeStrategy, 1.32): a create may set every field, status included,
 * but not the removed dynamic kubelet configuration ({@code spec.configSource}, {@code status.config}); an update
 * keeps the stored status and may not start using {@code spec.configSource}. Validation is {@link NodeValidation}.
 */
enum NodeStrategy implements ResourceStrategy {
    INSTANCE;

    // k/k pkg/apis/core/v1/conversion.go Convert_v1_NodeSpec_To_core_NodeSpec and back (1.32): a lone podCIDR is the
    // list's only entry, and podCIDR reads back as the list's first.
    @Override
    public void applyDefaults(ObjectNode node) {
        if (!(node.get("spec") instanceof ObjectNode spec)) {
            return;
        }
        JsonNode cidrs = spec.get("podCIDRs");
        String cidr = GoFields.text(spec, "podCIDR");
        if ((cidrs == null || cidrs.isNull() || cidrs.isEmpty()) && !cidr.isEmpty()) {
            spec.putArray("podCIDRs").add(cidr);
        } else if (cidrs instanceof ArrayNode list && !list.isEmpty() && list.get(0).isString()) {
            spec.put("podCIDR", list.get(0).asString());
        }
    }

    // strategy.go dropDisabledFields: on create, neither field of the removed DynamicKubeletConfig feature.
    @Override
    public void prepareForCreate(ObjectNode node) {
        if (node.get("spec") instanceof ObjectNode spec) {
            spec.remove("configSource");
        }
        if (node.get("status") instanceof ObjectNode status) {
            status.remove("config");
        }
    }

    // strategy.go PrepareForUpdate: the status as stored (the generic update has kept it); spec.configSource only
    // where the stored node already had one.
    @Override
    public void prepareForUpdate(ObjectNode node, ObjectNode old) {
        if (!GoFields.present(old.path("spec").get("configSource")) && node.get("spec") instanceof ObjectNode spec) {
            spec.remove("configSource");
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode node) {
        return NodeValidation.validate(node);
    }

    // strategy.go ValidateUpdate: ValidateNode, then ValidateNodeUpdate.
    @Override
    public List<FieldError> validateUpdate(ObjectNode node, ObjectNode old) {
        List<FieldError> errors = new ArrayList<>(NodeValidation.validate(node));
        errors.addAll(NodeValidation.validateUpdate(node, old));
        return errors;
    }
}
