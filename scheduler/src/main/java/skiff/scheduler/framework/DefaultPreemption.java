package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The PostFilter step for a pod no node fits (k/k pkg/scheduler/framework/plugins/defaultpreemption and
 * framework/preemption/preemption.go Preempt, 1.32): check the pod may preempt, dry-run victim selection on the nodes
 * whose refusal removing pods could resolve, starting at a random one, and pick the best candidate. Deciding only:
 * the scheduler makes the API calls.
 */
public final class DefaultPreemption {
    static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    static final String NEVER = "not eligible due to preemptionPolicy=Never.";
    static final String TERMINATING = "not eligible due to a terminating pod on the nominated node.";
    public static final String DISRUPTION_TARGET = "DisruptionTarget";
    public static final String PREEMPTION_BY_SCHEDULER = "PreemptionByScheduler";
    // k/k pkg/scheduler/apis/config/v1/defaults.go DefaultPreemptionArgs.
    static final int MIN_CANDIDATE_NODES_PERCENTAGE = 10;
    static final int MIN_CANDIDATE_NODES_ABSOLUTE = 100;

    private final NodeFilter filter;
    private final RandomGenerator random;

    public DefaultPreemption(NodeFilter filter, RandomGenerator random) {
        this.filter = filter;
        this.random = random;
    }

    /**
     * @param nominatedNode the pod's current nominated node, or null
     * @param nodes all nodes, by name
     */
    public PreemptionOutcome preempt(Pod pod, String nominatedNode, Diagnosis diagnosis, Map<String, NodeInfo> nodes,
            List<PodDisruptionBudget> budgets, Instant now) {
        if ("Never".equals(pod.getSpec().getPreemptionPolicy())) {
            return new PreemptionOutcome.NotEligible("preemption: " + NEVER);
        }
        if (waitsForVictims(pod, nominatedNode, diagnosis, nodes)) {
            return new PreemptionOutcome.NotEligible("preemption: " + TERMINATING);
        }
        List<NodeInfo> potential = new ArrayList<>();
        diagnosis.refusals().forEach((name, refusal) -> {
            if (refusal.code() == Code.UNSCHEDULABLE && nodes.containsKey(name)) {
                potential.add(nodes.get(name));
            }
        });
        Map<String, FilterResult> statuses = new LinkedHashMap<>();
        List<Candidate> nonViolating = new ArrayList<>();
        List<Candidate> violating = new ArrayList<>();
        if (!potential.isEmpty()) {
            int offset = random.nextInt(potential.size());
            int wanted = candidatesToFind(potential.size());
            // k/k DryRunPreemption stops once it has a candidate without violations and enough candidates in all.
            for (int i = 0; i < potential.size()
                    && !(!nonViolating.isEmpty() && nonViolating.size() + violating.size() >= wanted); i++) {
                NodeInfo node = potential.get((offset + i) % potential.size());
                switch (VictimSelection.select(pod, node, budgets, filter, now)) {
                    case VictimSelection.Victims v -> (v.pdbViolations() == 0 ? nonViolating : violating)
                            .add(new Candidate(node.name(), v.pods(), v.pdbViolations()));
                    case VictimSelection.Refused r -> statuses.put(node.name(), r.refusal());
                }
            }
        }
        List<Candidate> candidates = new ArrayList<>(nonViolating);
        candidates.addAll(violating);
        if (candidates.isEmpty()) {
            int absent = diagnosis.allNodes() - statuses.size();
            for (int i = 0; i < absent; i++) {
                statuses.put("\0absent-" + i, FilterResult.unresolvable(NOT_HELPFUL));
            }
            return new PreemptionOutcome.NoCandidate(
                    "preemption: " + FitErrorMessage.of(diagnosis.allNodes(), statuses, ""));
        }
        return new PreemptionOutcome.Preempt(CandidatePicker.pick(candidates, now));
    }

    // k/k default_preemption.go calculateNumCandidates.
    static int candidatesToFind(int nodes) {
        return Math.min(nodes, Math.max(MIN_CANDIDATE_NODES_ABSOLUTE, nodes * MIN_CANDIDATE_NODES_PERCENTAGE / 100));
    }

    // k/k default_preemption.go PodEligibleToPreemptOthers: a pod that already preempted waits while a
    // lower-priority pod on its nominated node terminates because of preemption, unless that node can no longer
    // take it at all.
    private static boolean waitsForVictims(Pod pod, String nominatedNode, Diagnosis diagnosis,
            Map<String, NodeInfo> nodes) {
        if (nominatedNode == null || nominatedNode.isEmpty()) {
            return false;
        }
        FilterResult status = diagnosis.refusals().get(nominatedNode);
        if (status != null && status.code() == Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
            return false;
        }
        NodeInfo node = nodes.get(nominatedNode);
        if (node == null) {
            return false;
        }
        int priority = PodImportance.priority(pod);
        return node.pods().stream().anyMatch(p -> PodImportance.priority(p) < priority && terminatingByPreemption(p));
    }

    // k/k default_preemption.go podTerminatingByPreemption.
    static boolean terminatingByPreemption(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() == null || pod.getStatus() == null
                || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if (DISRUPTION_TARGET.equals(c.getType())) {
                return "True".equals(c.getStatus()) && PREEMPTION_BY_SCHEDULER.equals(c.getReason());
            }
        }
        return false;
    }
}
