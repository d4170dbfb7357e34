package skiff.apiserver.registry.core;

import skiff.apiserver.registry.ResourceStrategy;
import skiff.apiserver.resource.ResourceDefinition;

/** Which strategy each built-in resource uses. */
public final class BuiltinStrategies {
    private static final ResourceStrategy DEFAULT = new ResourceStrategy() {};

    private BuiltinStrategies() {}

    public static ResourceStrategy forResource(ResourceDefinition def) {
        return switch (def.qualifiedResource()) {
            case "pods" -> PodStrategy.INSTANCE;
            case "namespaces" -> NamespaceStrategy.INSTANCE;
            case "nodes" -> DEFAULT;
            case "secrets" -> SecretStrategy.INSTANCE;
            default -> def.hasStatus() ? StatusResettingStrategy.INSTANCE : DEFAULT;
        };
    }
}
