package skiff.apiserver.table;

import java.util.Map;

/** The Table convertor of each built-in resource, and the default one for everything else. */
public final class TableConvertors {
    private static final Map<GroupResource, TableConvertor> BUILT_IN = Map.ofEntries(
            Map.entry(new GroupResource("", "pods"), new PodTableConvertor()),
            Map.entry(new GroupResource("", "nodes"), new NodeTableConvertor()),
            Map.entry(new GroupResource("", "namespaces"), new NamespaceTableConvertor()),
            Map.entry(new GroupResource("", "events"), new EventTableConvertor(EventFields.CORE_V1)),
            Map.entry(new GroupResource("", "configmaps"), new ConfigMapTableConvertor()),
            Map.entry(new GroupResource("", "secrets"), new SecretTableConvertor()),
            Map.entry(new GroupResource("", "services"), new ServiceTableConvertor()),
            Map.entry(new GroupResource("", "serviceaccounts"), new ServiceAccountTableConvertor()),
            Map.entry(new GroupResource("", "replicationcontrollers"), ReplicaControllerTableConvertor.REPLICATION_CONTROLLER),
            Map.entry(new GroupResource("", "endpoints"), new EndpointsTableConvertor()),
            Map.entry(new GroupResource("", "persistentvolumes"), new PersistentVolumeTableConvertor()),
            Map.entry(new GroupResource("", "persistentvolumeclaims"), new PersistentVolumeClaimTableConvertor()),
            Map.entry(new GroupResource("storage.k8s.io", "storageclasses"), new StorageClassTableConvertor()),
            Map.entry(new GroupResource("apps", "replicasets"), ReplicaControllerTableConvertor.REPLICA_SET),
            Map.entry(new GroupResource("apps", "statefulsets"), new StatefulSetTableConvertor()),
            Map.entry(new GroupResource("apps", "deployments"), new DeploymentTableConvertor()),
            Map.entry(new GroupResource("apps", "daemonsets"), new DaemonSetTableConvertor()),
            Map.entry(new GroupResource("apps", "controllerrevisions"), new ControllerRevisionTableConvertor()),
            Map.entry(new GroupResource("autoscaling", "horizontalpodautoscalers"),
                    new HorizontalPodAutoscalerTableConvertor()),
            Map.entry(new GroupResource("batch", "jobs"), new JobTableConvertor()),
            Map.entry(new GroupResource("batch", "cronjobs"), new CronJobTableConvertor()),
            Map.entry(new GroupResource("coordination.k8s.io", "leases"), new LeaseTableConvertor()),
            Map.entry(new GroupResource("events.k8s.io", "events"), new EventTableConvertor(EventFields.EVENTS_V1)),
            Map.entry(new GroupResource("discovery.k8s.io", "endpointslices"), new EndpointSliceTableConvertor()),
            Map.entry(new GroupResource("policy", "poddisruptionbudgets"), new PodDisruptionBudgetTableConvertor()),
            Map.entry(new GroupResource("scheduling.k8s.io", "priorityclasses"), new PriorityClassTableConvertor()),
            Map.entry(new GroupResource("certificates.k8s.io", "certificatesigningrequests"), new CsrTableConvertor()),
            Map.entry(new GroupResource("admissionregistration.k8s.io", "validatingwebhookconfigurations"),
                    new WebhookConfigurationTableConvertor()),
            Map.entry(new GroupResource("admissionregistration.k8s.io", "mutatingwebhookconfigurations"),
                    new WebhookConfigurationTableConvertor()),
            Map.entry(new GroupResource("admissionregistration.k8s.io", "validatingadmissionpolicies"),
                    new ValidatingAdmissionPolicyTableConvertor()),
            Map.entry(new GroupResource("admissionregistration.k8s.io", "validatingadmissionpolicybindings"),
                    new ValidatingAdmissionPolicyBindingTableConvertor()),
            Map.entry(new GroupResource("rbac.authorization.k8s.io", "rolebindings"), new RoleBindingTableConvertor()),
            Map.entry(new GroupResource("rbac.authorization.k8s.io", "clusterrolebindings"),
                    new RoleBindingTableConvertor()),
            Map.entry(new GroupResource("metrics.k8s.io", "nodes"), new ResourceMetricsTableConvertor()),
            Map.entry(new GroupResource("metrics.k8s.io", "pods"), new ResourceMetricsTableConvertor()));

    private TableConvertors() {}

    /**
     * The convertor for a resource, by API group ({@code ""} for core) and plural resource name. Resources Skiff
     * has no printer for get Kubernetes' default: {@code Name} and {@code Created At}.
     */
    public static TableConvertor forResource(String group, String resource) {
        return BUILT_IN.getOrDefault(new GroupResource(group, resource), DefaultTableConvertor.INSTANCE);
    }

    /** The default convertor, {@code Name} and {@code Created At}, which any resource may use. */
    public static TableConvertor defaultConvertor() {
        return DefaultTableConvertor.INSTANCE;
    }

    private record GroupResource(String group, String resource) {}
}
