package skiff.controllers.daemon;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import skiff.api.scheduling.NodeSelectorTerms;
import skiff.api.scheduling.Tolerations;

/**
 * Whether a daemon set wants a pod on a node (k/k daemon_controller.go NodeShouldRunDaemonPod).
 *
 * @param shouldRun a pod should be created there if missing
 * @param shouldContinueRunning a pod already there may stay (it tolerates the node's NoExecute taints)
 */
record NodeEligibility(boolean shouldRun, boolean shouldContinueRunning) {
    static final NodeEligibility NO = new NodeEligibility(false, false);

    static NodeEligibility of(Node node, DaemonSet ds) {
        PodSpec spec = new PodSpecBuilder(ds.getSpec().getTemplate().getSpec()).build();
        spec.setTolerations(DaemonTolerations.withDaemonTolerations(spec.getTolerations(),
                Boolean.TRUE.equals(spec.getHostNetwork())));
        String name = node.getMetadata().getName();
        // A template that names a node runs only there.
        if (spec.getNodeName() != null && !spec.getNodeName().isEmpty() && !spec.getNodeName().equals(name)) {
            return NO;
        }
        if (!NodeSelectorTerms.requiredBy(spec, node)) {
            return NO;
        }
        var taints = node.getSpec() == null ? null : node.getSpec().getTaints();
        boolean fitsTaints = Tolerations.firstUntolerated(taints, spec.getTolerations(),
                t -> DaemonTolerations.NO_SCHEDULE.equals(t.getEffect()) || DaemonTolerations.NO_EXECUTE.equals(t.getEffect()))
                .isEmpty();
        if (!fitsTaints) {
            // A pod already there stays unless a NoExecute taint evicts it.
            boolean untoleratedNoExecute = Tolerations.firstUntolerated(taints, spec.getTolerations(),
                    t -> DaemonTolerations.NO_EXECUTE.equals(t.getEffect())).isPresent();
            return new NodeEligibility(false, !untoleratedNoExecute);
        }
        return new NodeEligibility(true, true);
    }
}
