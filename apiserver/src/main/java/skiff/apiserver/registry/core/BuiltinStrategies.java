package skiff.apiserver.registry.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import skiff.api.time.Clock;
import skiff.apiserver.apiextensions.CrdStatusStrategy;
import skiff.apiserver.apiextensions.CrdStrategy;
import skiff.apiserver.registry.GarbageCollectionPolicy;
import skiff.apiserver.registry.ObjectPart;
import skiff.apiserver.registry.ResourceStrategy;
import skiff.apiserver.registry.StorageConversion;
import skiff.apiserver.registry.admissionregistration.ValidatingAdmissionPolicyBindingStrategy;
import skiff.apiserver.registry.admissionregistration.ValidatingAdmissionPolicyStrategy;
import skiff.apiserver.registry.admissionregistration.WebhookConfigurationStrategy;
import skiff.apiserver.registry.apps.DaemonSetValidation;
import skiff.apiserver.registry.apps.DeploymentValidation;
import skiff.apiserver.registry.apps.ReplicaSetValidation;
import skiff.apiserver.registry.apps.StatefulSetValidation;
import skiff.apiserver.registry.apps.WorkloadDefaults;
import skiff.apiserver.registry.apps.WorkloadStatusStrategy;
import skiff.apiserver.registry.apps.WorkloadStrategy;
import skiff.apiserver.registry.autoscaling.AutoscalingV1Conversion;
import skiff.apiserver.registry.autoscaling.AutoscalingV1Strategy;
import skiff.apiserver.registry.autoscaling.HorizontalPodAutoscalerStatusStrategy;
import skiff.apiserver.registry.autoscaling.HorizontalPodAutoscalerStrategy;
import skiff.apiserver.registry.batch.CronJobStrategy;
import skiff.apiserver.registry.batch.JobStatusStrategy;
import skiff.apiserver.registry.batch.JobStrategy;
import skiff.apiserver.registry.certificates.CsrStrategy;
import skiff.apiserver.registry.certificates.CsrSubresourceStrategy;
import skiff.apiserver.registry.events.EventConversion;
import skiff.apiserver.registry.policy.PodDisruptionBudgetStrategy;
import skiff.apiserver.registry.rbac.BindingStrategy;
import skiff.apiserver.registry.rbac.RoleStrategy;
import skiff.apiserver.registry.scheduling.PriorityClassStrategy;
import skiff.apiserver.registry.storage.PersistentVolumeClaimStrategy;
import skiff.apiserver.registry.storage.PersistentVolumeStatusStrategy;
import skiff.apiserver.registry.storage.PersistentVolumeStrategy;
import skiff.apiserver.registry.storage.StorageClassStrategy;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.service.ServiceAllocators;
import tools.jackson.databind.node.ObjectNode;

/** Which strategy, and which conversion to its stored form, each built-in resource uses. */
public final class BuiltinStrategies {
    private static final ResourceStrategy DEFAULT = new ResourceStrategy() {};
    // k/k pkg/registry/apps/*/strategy.go DefaultGarbageCollectionPolicy: apps/v1 deletes dependents in background.
    private static final GarbageCollectionPolicy DELETE_DEPENDENTS = GarbageCollectionPolicy.DELETE_DEPENDENTS;

    private static final String HPAS = "horizontalpodautoscalers.autoscaling";
    private static final String CSRS = "certificatesigningrequests.certificates.k8s.io";

    private BuiltinStrategies() {}

    /**
     * The strategy of {@code def}; Services take their IPs and ports from {@code serviceAllocators} and remove their
     * Endpoints through {@code deleteEndpoints} when they are deleted.
     */
    public static ResourceStrategy forResource(ResourceDefinition def, ServiceAllocators serviceAllocators,
            Consumer<ObjectNode> deleteEndpoints, Clock clock) {
        return switch (def.qualifiedResource()) {
            case "pods" -> PodStrategy.INSTANCE;
            case "replicasets.apps" -> new WorkloadStrategy(WorkloadDefaults.REPLICA_SET,
                    ReplicaSetValidation.INSTANCE, DELETE_DEPENDENTS);
            // k/k pkg/registry/core/replicationcontroller/strategy.go DefaultGarbageCollectionPolicy: core/v1 keeps
            // orphaning the pods by default, as before server-side garbage collection.
            case "replicationcontrollers" -> new WorkloadStrategy(WorkloadDefaults.REPLICATION_CONTROLLER,
                    ReplicationControllerValidation.INSTANCE, GarbageCollectionPolicy.ORPHAN_DEPENDENTS);
            case "deployments.apps" -> new WorkloadStrategy(WorkloadDefaults.DEPLOYMENT,
                    DeploymentValidation.INSTANCE, DELETE_DEPENDENTS);
            case "statefulsets.apps" -> new WorkloadStrategy(WorkloadDefaults.STATEFUL_SET,
                    StatefulSetValidation.INSTANCE, DELETE_DEPENDENTS);
            case "daemonsets.apps" -> new WorkloadStrategy(WorkloadDefaults.DAEMON_SET,
                    DaemonSetValidation.INSTANCE, DELETE_DEPENDENTS);
            case "jobs.batch" -> JobStrategy.INSTANCE;
            case "cronjobs.batch" -> CronJobStrategy.INSTANCE;
            case "services" -> new ServiceStrategy(serviceAllocators, deleteEndpoints);
            case "secrets" -> SecretStrategy.INSTANCE;
            case "configmaps" -> ConfigMapStrategy.INSTANCE;
            case "namespaces" -> NamespaceStrategy.INSTANCE;
            case "nodes" -> NodeStrategy.INSTANCE;
            case "poddisruptionbudgets.policy" -> PodDisruptionBudgetStrategy.INSTANCE;
            case HPAS -> autoscaling(def, HorizontalPodAutoscalerStrategy.INSTANCE);
            case "roles.rbac.authorization.k8s.io" -> RoleStrategy.ROLE;
            case "clusterroles.rbac.authorization.k8s.io" -> RoleStrategy.CLUSTER_ROLE;
            case "rolebindings.rbac.authorization.k8s.io" -> BindingStrategy.ROLE_BINDING;
            case "clusterrolebindings.rbac.authorization.k8s.io" -> BindingStrategy.CLUSTER_ROLE_BINDING;
            case "priorityclasses.scheduling.k8s.io" -> PriorityClassStrategy.INSTANCE;
            case "persistentvolumes" -> new PersistentVolumeStrategy(clock);
            case "persistentvolumeclaims" -> PersistentVolumeClaimStrategy.INSTANCE;
            case "storageclasses.storage.k8s.io" -> StorageClassStrategy.INSTANCE;
            case CSRS -> CsrStrategy.INSTANCE;
            case "customresourcedefinitions.apiextensions.k8s.io" -> CrdStrategy.INSTANCE;
            case "validatingwebhookconfigurations.admissionregistration.k8s.io" ->
                    WebhookConfigurationStrategy.VALIDATING;
            case "mutatingwebhookconfigurations.admissionregistration.k8s.io" -> WebhookConfigurationStrategy.MUTATING;
            case "validatingadmissionpolicies.admissionregistration.k8s.io" ->
                    ValidatingAdmissionPolicyStrategy.INSTANCE;
            case "validatingadmissionpolicybindings.admissionregistration.k8s.io" ->
                    ValidatingAdmissionPolicyBindingStrategy.INSTANCE;
            default -> def.hasStatus() ? StatusResettingStrategy.INSTANCE : DEFAULT;
        };
    }

    /**
     * How {@code def}'s objects are stored: events.k8s.io/v1 Events as the core/v1 Events they are, autoscaling/v1
     * HorizontalPodAutoscalers as autoscaling/v2 ones.
     */
    public static StorageConversion conversion(ResourceDefinition def) {
        if (def.qualifiedResource().equals(HPAS) && def.version().equals("v1")) {
            return AutoscalingV1Conversion.INSTANCE;
        }
        return def.qualifiedResource().equals("events.events.k8s.io") ? EventConversion.INSTANCE
                : StorageConversion.NONE;
    }

    private static ResourceStrategy autoscaling(ResourceDefinition def, ResourceStrategy v2) {
        return def.version().equals("v1") ? new AutoscalingV1Strategy(v2) : v2;
    }

    /** The subresources of {@code def} whose writes follow rules of their own rather than the main resource's. */
    public static Map<ObjectPart, ResourceStrategy> forSubresources(ResourceDefinition def, Clock clock) {
        Map<ObjectPart, ResourceStrategy> strategies = new EnumMap<>(ObjectPart.class);
        boolean pods = def.qualifiedResource().equals("pods");
        if (def.hasStatus()) {
            strategies.put(ObjectPart.STATUS, statusStrategy(def, clock));
        }
        if (pods) {
            strategies.put(ObjectPart.EPHEMERAL_CONTAINERS, PodEphemeralContainersStrategy.INSTANCE);
        }
        if (def.qualifiedResource().equals(CSRS)) {
            strategies.put(ObjectPart.STATUS, CsrSubresourceStrategy.status(clock));
            strategies.put(ObjectPart.APPROVAL, CsrSubresourceStrategy.approval(clock));
        }
        return strategies;
    }

    private static ResourceStrategy statusStrategy(ResourceDefinition def, Clock clock) {
        return switch (def.qualifiedResource()) {
            case "pods" -> PodStatusStrategy.INSTANCE;
            case "replicasets.apps" -> WorkloadStatusStrategy.REPLICA_SET;
            case "replicationcontrollers" -> WorkloadStatusStrategy.REPLICATION_CONTROLLER;
            case "deployments.apps" -> WorkloadStatusStrategy.DEPLOYMENT;
            case "statefulsets.apps" -> WorkloadStatusStrategy.STATEFUL_SET;
            case "daemonsets.apps" -> WorkloadStatusStrategy.DAEMON_SET;
            case "persistentvolumes" -> new PersistentVolumeStatusStrategy(clock);
            case "jobs.batch" -> JobStatusStrategy.INSTANCE;
            case "namespaces" -> NamespaceStatusStrategy.INSTANCE;
            case "services" -> ServiceStatusStrategy.INSTANCE;
            case "nodes" -> NodeStatusStrategy.INSTANCE;
            case "customresourcedefinitions.apiextensions.k8s.io" -> CrdStatusStrategy.INSTANCE;
            case HPAS -> autoscaling(def, HorizontalPodAutoscalerStatusStrategy.INSTANCE);
            default -> StatusOnlyStrategy.INSTANCE;
        };
    }
}
