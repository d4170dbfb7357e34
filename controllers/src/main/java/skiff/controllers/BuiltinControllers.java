package skiff.controllers;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import skiff.controllers.bootstrap.BootstrapSigner;
import skiff.controllers.bootstrap.TokenCleaner;
import skiff.controllers.certificates.approver.CsrApprovingController;
import skiff.controllers.certificates.signer.CsrSigningController;
import skiff.controllers.clusterroleaggregation.ClusterRoleAggregationController;
import skiff.controllers.daemon.DaemonSetController;
import skiff.controllers.deployment.DeploymentController;
import skiff.controllers.disruption.DisruptionController;
import skiff.controllers.endpoint.EndpointsController;
import skiff.controllers.endpointslice.EndpointSliceController;
import skiff.controllers.framework.ControllerFactory;
import skiff.controllers.cronjob.CronJobController;
import skiff.controllers.garbagecollector.GarbageCollector;
import skiff.controllers.job.JobController;
import skiff.controllers.namespace.NamespaceController;
import skiff.controllers.nodeipam.NodeIpamController;
import skiff.controllers.nodelifecycle.NodeLifecycleController;
import skiff.controllers.podautoscaler.HorizontalController;
import skiff.controllers.podautoscaler.HorizontalOptions;
import skiff.controllers.podgc.PodGcController;
import skiff.controllers.replicaset.ReplicaSetController;
import skiff.controllers.rootcacertpublisher.RootCaCertPublisher;
import skiff.controllers.serviceaccount.ServiceAccountController;
import skiff.controllers.servicelb.ServiceLoadBalancerController;
import skiff.controllers.statefulset.StatefulSetController;
import skiff.controllers.tainteviction.TaintEvictionController;
import skiff.controllers.ttlafterfinished.TtlAfterFinishedController;
import skiff.controllers.volume.ClaimProtectionController;
import skiff.controllers.volume.LocalPathProvisioner;
import skiff.controllers.volume.PersistentVolumeController;
import skiff.controllers.volume.VolumeProtectionController;

/** The controllers {@code skiff server} runs, by the names {@code --disable-controllers} takes. */
public final class BuiltinControllers {
    private BuiltinControllers() {}

    public static Map<String, ControllerFactory> all() {
        return all(ControllerOptions.defaults());
    }

    public static Map<String, ControllerFactory> all(ControllerOptions options) {
        Map<String, ControllerFactory> all = new LinkedHashMap<>();
        all.put(GarbageCollector.NAME, GarbageCollector::new);
        all.put(ServiceAccountController.NAME, ServiceAccountController::create);
        all.put(NamespaceController.NAME, NamespaceController::create);
        all.put(ReplicaSetController.REPLICASET, ReplicaSetController::forReplicaSets);
        all.put(ReplicaSetController.REPLICATIONCONTROLLER, ReplicaSetController::forReplicationControllers);
        all.put(StatefulSetController.NAME, StatefulSetController::create);
        all.put(NodeLifecycleController.NAME, context -> new NodeLifecycleController(context,
                options.nodeLifecycle()));
        all.put(TaintEvictionController.NAME, TaintEvictionController::create);
        all.put(DeploymentController.NAME, DeploymentController::create);
        all.put(DaemonSetController.NAME, DaemonSetController::create);
        all.put(JobController.NAME, JobController::create);
        all.put(CronJobController.NAME, CronJobController::create);
        all.put(TtlAfterFinishedController.NAME, TtlAfterFinishedController::create);
        all.put(DisruptionController.NAME, DisruptionController::create);
        all.put(HorizontalController.NAME, context -> HorizontalController.create(context,
                HorizontalOptions.defaults()));
        all.put(PodGcController.NAME, context -> new PodGcController(context, options.terminatedPodGcThreshold()));
        if (options.nodeIpam().allocateNodeCidrs()) {
            all.put(NodeIpamController.NAME, context -> NodeIpamController.create(context, options.nodeIpam()));
        }
        all.put(EndpointsController.NAME, EndpointsController::create);
        all.put(EndpointSliceController.NAME, context -> EndpointSliceController.create(context,
                options.maxEndpointsPerSlice()));
        all.put(ServiceLoadBalancerController.NAME, ServiceLoadBalancerController::create);
        if (!options.rootCaPem().isEmpty()) {
            all.put(RootCaCertPublisher.NAME, context -> RootCaCertPublisher.create(context, options.rootCaPem()));
        }
        all.put(ClusterRoleAggregationController.NAME, ClusterRoleAggregationController::create);
        all.put(PersistentVolumeController.NAME, PersistentVolumeController::create);
        all.put(ClaimProtectionController.NAME, ClaimProtectionController::create);
        all.put(VolumeProtectionController.NAME, VolumeProtectionController::create);
        if (!options.localPathRoot().isEmpty()) {
            all.put(LocalPathProvisioner.CONTROLLER, context -> LocalPathProvisioner.create(context,
                    options.localPathRoot()));
        }
        all.put(CsrApprovingController.NAME, CsrApprovingController::create);
        options.signingCa().ifPresent(ca -> all.put(CsrSigningController.NAME,
                context -> CsrSigningController.create(context, ca, options.clusterSigningDuration())));
        all.put(TokenCleaner.NAME, TokenCleaner::create);
        all.put(BootstrapSigner.NAME, BootstrapSigner::create);
        return all;
    }

    // k/k cmd/kube-controller-manager/app: the account each controller's client is built for (ClientOrDie(name)),
    // whose role is system:controller:<account>; the taint eviction and node IPAM controllers use node-controller's.
    // The token cleaner's account is held to the Role system:controller:token-cleaner of kube-system
    // (bootstrap.go startTokenCleanerController, namespace_policy.go).
    private static final Map<String, String> SERVICE_ACCOUNTS = Map.ofEntries(
            Map.entry(GarbageCollector.NAME, "generic-garbage-collector"),
            Map.entry(ServiceAccountController.NAME, "service-account-controller"),
            Map.entry(NamespaceController.NAME, "namespace-controller"),
            Map.entry(ReplicaSetController.REPLICASET, "replicaset-controller"),
            Map.entry(ReplicaSetController.REPLICATIONCONTROLLER, "replication-controller"),
            Map.entry(StatefulSetController.NAME, "statefulset-controller"),
            Map.entry(NodeLifecycleController.NAME, "node-controller"),
            Map.entry(TaintEvictionController.NAME, "node-controller"),
            Map.entry(DeploymentController.NAME, "deployment-controller"),
            Map.entry(DaemonSetController.NAME, "daemon-set-controller"),
            Map.entry(JobController.NAME, "job-controller"),
            Map.entry(CronJobController.NAME, "cronjob-controller"),
            Map.entry(TtlAfterFinishedController.NAME, "ttl-after-finished-controller"),
            Map.entry(DisruptionController.NAME, "disruption-controller"),
            Map.entry(HorizontalController.NAME, "horizontal-pod-autoscaler"),
            Map.entry(PodGcController.NAME, "pod-garbage-collector"),
            Map.entry(NodeIpamController.NAME, "node-controller"),
            Map.entry(EndpointsController.NAME, "endpoint-controller"),
            Map.entry(EndpointSliceController.NAME, "endpointslice-controller"),
            Map.entry(ServiceLoadBalancerController.NAME, "servicelb-controller"),
            Map.entry(RootCaCertPublisher.NAME, "root-ca-cert-publisher"),
            Map.entry(ClusterRoleAggregationController.NAME, "clusterrole-aggregation-controller"),
            Map.entry(PersistentVolumeController.NAME, "persistent-volume-binder"),
            Map.entry(ClaimProtectionController.NAME, "pvc-protection-controller"),
            Map.entry(VolumeProtectionController.NAME, "pv-protection-controller"),
            Map.entry(LocalPathProvisioner.CONTROLLER, "local-path-provisioner"),
            Map.entry(CsrApprovingController.NAME, "certificate-controller"),
            Map.entry(CsrSigningController.NAME, "certificate-controller"),
            Map.entry(TokenCleaner.NAME, "token-cleaner"),
            Map.entry(BootstrapSigner.NAME, "bootstrap-signer"));

    /**
     * The ServiceAccount in kube-system whose credentials the named controller uses, as kube-controller-manager's
     * with --use-service-account-credentials.
     *
     * @throws IllegalArgumentException for a name that is not a built-in controller's
     */
    public static String serviceAccount(String controller) {
        String account = SERVICE_ACCOUNTS.get(controller);
        if (account == null) {
            throw new IllegalArgumentException("unknown controller " + controller);
        }
        return account;
    }

    /**
     * Every controller's name, those that run only with some options (the root CA publisher's CA, the local-path
     * provisioner's directory, the signing CA) included.
     */
    public static Set<String> names() {
        Set<String> names = new LinkedHashSet<>(all(ControllerOptions.defaults().withRootCa("names only")
                .withLocalPathRoot("names only")).keySet());
        names.add(CsrSigningController.NAME);
        return names;
    }
}
