package skiff.apiserver.registry.core;

import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.node.ObjectNode;

/** Config maps: their data is checked (k/k pkg/registry/core/configmap/strategy.go Validate). */
enum ConfigMapStrategy implements ResourceStrategy {
    INSTANCE;

    @Override
    public List<FieldError> validate(ObjectNode configMap) {
        return DataValidation.configMap(configMap);
    }
}
