package skiff.apiserver.registry.core;

import skiff.apiserver.registry.ResourceStrategy;
import skiff.apiserver.registry.apps.WorkloadDefaults;
import skiff.apiserver.registry.apps.WorkloadStrategy;
import skiff.apiserver.resource.ResourceDefinition;

/** Which strategy each built-in resource uses. */
public final class BuiltinStrategies {
    private static final ResourceStrategy DEFAULT = new ResourceStrategy() {};

    private BuiltinStrategies() {}

    public static ResourceStrategy forResource(ResourceDefinition def) {
        return switch (def.qualifiedResource()) {
            case "pods" -> PodStrategy.INSTANCE;
            case "replicasets.apps" -> new WorkloadStrategy(WorkloadDefaults.REPLICA_SET);
            case "replicationcontrollers" -> new WorkloadStrategy(WorkloadDefaults.REPLICATION_CONTROLLER);
            case "deployments.apps" -> new WorkloadStrategy(WorkloadDefaults.DEPLOYMENT);
            case "statefulsets.apps" -> new WorkloadStrategy(WorkloadDefaults.STATEFUL_SET);
            case "daemonsets.apps" -> new WorkloadStrategy(WorkloadDefaults.DAEMON_SET);
            case "services" -> ServiceStrategy.INSTANCE;
            case "secrets" -> SecretStrategy.INSTANCE;
            case "namespaces" -> NamespaceStrategy.INSTANCE;
            case "nodes" -> DEFAULT;
            default -> def.hasStatus() ? StatusResettingStrategy.INSTANCE : DEFAULT;
        };
    }
}
