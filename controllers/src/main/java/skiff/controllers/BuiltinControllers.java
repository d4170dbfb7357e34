package skiff.controllers;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
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
import skiff.controllers.podgc.PodGcController;
import skiff.controllers.replicaset.ReplicaSetController;
import skiff.controllers.rootcacertpublisher.RootCaCertPublisher;
import skiff.controllers.serviceaccount.ServiceAccountController;
import skiff.controllers.servicelb.ServiceLoadBalancerController;
import skiff.controllers.statefulset.StatefulSetController;
import skiff.controllers.tainteviction.TaintEvictionController;
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
        all.put(DisruptionController.NAME, DisruptionController::create);
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
                context -> CsrSigningController.create(context, ca)));
        all.put(TokenCleaner.NAME, TokenCleaner::create);
        return all;
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
