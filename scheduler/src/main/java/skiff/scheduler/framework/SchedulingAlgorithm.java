package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Picks a node for one pod (k/k pkg/scheduler/schedule_one.go schedulePod): filter the nodes, starting where the
 * previous pod stopped, until enough feasible ones are found (pods nominated to a node holding their room there);
 * score them; take the best, breaking ties at random. When none fits, decide on preemption. Pure computation over
 * the nodes it is given; the caller holds whatever lock guards them and makes the API calls.
 */
public final class SchedulingAlgorithm {
    // k/k schedule_one.go minFeasibleNodesToFind and minFeasibleNodesPercentageToFind.
    static final int MIN_FEASIBLE_NODES = 100;
    static final int MIN_FEASIBLE_PERCENTAGE = 5;
    static final String NO_NODES = "no nodes available to schedule pods";

    private final Profile profile;
    private final RandomGenerator random;
    private int nextStartNodeIndex;

    public SchedulingAlgorithm(Profile profile, RandomGenerator random) {
        this.profile = profile;
        this.random = random;
    }

    /** Picks a node; when none fits, runs preemption (k/k schedule_one.go schedulingCycle runs PostFilter). */
    public ScheduleResult schedule(Pod pod, List<NodeInfo> nodes, CycleInputs inputs) {
        if (nodes.isEmpty()) {
            return new ScheduleResult.Unschedulable(NO_NODES, Optional.empty());
        }
        // VolumeBinding filters after NodeResourcesFit (k/k apis/config/v1/default_plugins.go).
        NodeFilter filter = (p, node) -> filter(p, node, inputs.nominated())
                .or(() -> inputs.volumes().filter(node));
        int wanted = feasibleNodesToFind(nodes.size());
        List<NodeInfo> feasible = new ArrayList<>();
        Map<String, FilterResult> refusals = new LinkedHashMap<>();
        int processed = 0;
        for (; processed < nodes.size() && feasible.size() < wanted; processed++) {
            NodeInfo node = nodes.get((nextStartNodeIndex + processed) % nodes.size());
            Optional<FilterResult> refusal = filter.filter(pod, node);
            if (refusal.isPresent()) {
                refusals.put(node.name(), refusal.get());
            } else {
                feasible.add(node);
            }
        }
        nextStartNodeIndex = (nextStartNodeIndex + processed) % nodes.size();
        if (feasible.isEmpty()) {
            Diagnosis diagnosis = new Diagnosis(nodes.size(), refusals);
            Map<String, NodeInfo> byName = new HashMap<>();
            nodes.forEach(n -> byName.put(n.name(), n));
            PreemptionOutcome outcome = new DefaultPreemption(filter, random)
                    .preempt(pod, inputs.nominatedNode(), diagnosis, byName, inputs.budgets(), inputs.now());
            return new ScheduleResult.Unschedulable(FitErrorMessage.of(nodes.size(), refusals, outcome.message()),
                    Optional.of(outcome));
        }
        if (feasible.size() == 1) {
            return new ScheduleResult.Suggested(feasible.getFirst().name(), processed, 1);
        }
        long[] totals = score(pod, feasible);
        return new ScheduleResult.Suggested(feasible.get(selectHost(totals)).name(), processed, feasible.size());
    }

    /**
     * The first refusal with the pods nominated to the node counted on it, those of at least the pod's priority
     * other than itself (k/k runtime/framework.go RunFilterPluginsWithNominatedPods; its second pass without them
     * only matters for inter-pod affinity, which Skiff does not filter on).
     */
    public Optional<FilterResult> filter(Pod pod, NodeInfo node, NominatedPods nominated) {
        int priority = PodImportance.priority(pod);
        List<Pod> ahead = nominated.on(node.name()).stream()
                .filter(p -> PodImportance.priority(p) >= priority
                        && !p.getMetadata().getUid().equals(pod.getMetadata().getUid()))
                .toList();
        if (ahead.isEmpty()) {
            return filter(pod, node);
        }
        NodeInfo withNominated = node.copy();
        ahead.forEach(withNominated::addPod);
        return filter(pod, withNominated);
    }

    /** The first filter that refuses the node, if any (k/k runtime/framework.go RunFilterPlugins). */
    public Optional<FilterResult> filter(Pod pod, NodeInfo node) {
        for (FilterPlugin f : profile.filters()) {
            Optional<FilterResult> refusal = f.filter(pod, node);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    /** Each node's weighted sum of normalized plugin scores (k/k runtime/framework.go RunScorePlugins). */
    public long[] score(Pod pod, List<NodeInfo> nodes) {
        long[] totals = new long[nodes.size()];
        for (WeightedScore ws : profile.scores()) {
            long[] scores = new long[nodes.size()];
            for (int i = 0; i < nodes.size(); i++) {
                scores[i] = ws.plugin().score(pod, nodes.get(i));
            }
            ws.plugin().normalize(scores);
            for (int i = 0; i < nodes.size(); i++) {
                totals[i] += scores[i] * ws.weight();
            }
        }
        return totals;
    }

    // k/k schedule_one.go selectHost: the highest total; among equals each is equally likely (reservoir sampling).
    int selectHost(long[] totals) {
        int best = 0;
        int ties = 1;
        for (int i = 1; i < totals.length; i++) {
            if (totals[i] > totals[best]) {
                best = i;
                ties = 1;
            } else if (totals[i] == totals[best]) {
                ties++;
                if (random.nextInt(ties) == 0) {
                    best = i;
                }
            }
        }
        return best;
    }

    // k/k schedule_one.go numFeasibleNodesToFind: all nodes below 100; otherwise (50 - nodes/125)% of them, at least
    // 5% and at least 100.
    static int feasibleNodesToFind(int allNodes) {
        if (allNodes < MIN_FEASIBLE_NODES) {
            return allNodes;
        }
        int percentage = Math.max(MIN_FEASIBLE_PERCENTAGE, 50 - allNodes / 125);
        return Math.max(MIN_FEASIBLE_NODES, allNodes * percentage / 100);
    }
}
