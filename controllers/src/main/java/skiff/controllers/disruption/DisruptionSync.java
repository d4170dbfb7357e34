package skiff.controllers.disruption;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import skiff.api.selector.LabelSelector;
import skiff.api.time.Clock;
import skiff.client.events.EventRecorder;
import skiff.controllers.framework.SyncResult;

/** One sync of one PodDisruptionBudget's status (k/k pkg/controller/disruption/disruption.go trySync, 1.32). */
final class DisruptionSync {
    private final Indexer<PodDisruptionBudget> budgets;
    private final Indexer<Pod> pods;
    private final ControllerScales scales;
    private final KubernetesClient client;
    private final EventRecorder events;
    private final Clock clock;

    DisruptionSync(Indexer<PodDisruptionBudget> budgets, Indexer<Pod> pods, ControllerScales scales,
            KubernetesClient client, EventRecorder events, Clock clock) {
        this.budgets = budgets;
        this.pods = pods;
        this.scales = scales;
        this.client = client;
        this.events = events;
        this.clock = clock;
    }

    SyncResult sync(String key) {
        PodDisruptionBudget pdb = budgets.getByKey(key);
        if (pdb == null) {
            return SyncResult.done();
        }
        Instant now = clock.now();
        List<Pod> selected = selectedPods(pdb);
        if (selected.isEmpty()) {
            events.event(pdb, EventRecorder.NORMAL, "NoPods", "No matching pods found");
        }
        BudgetArithmetic.Expectation expectation;
        try {
            expectation = expectation(pdb, selected);
        } catch (ControllerScales.NoController e) {
            // disruption.go sync: a budget whose numbers are unknown allows no disruption (failSafe).
            events.event(pdb, EventRecorder.WARNING, "CalculateExpectedPodCountFailed",
                    "Failed to calculate the number of expected pods: " + e.getMessage());
            return write(pdb, failSafe(pdb, e.getMessage(), now));
        }
        Map<String, Instant> recorded = new LinkedHashMap<>();
        PodDisruptionBudgetStatus old = pdb.getStatus();
        if (old != null && old.getDisruptedPods() != null) {
            old.getDisruptedPods().forEach((name, at) -> recorded.put(name, Instant.parse(at)));
        }
        BudgetArithmetic.Disrupted disrupted = BudgetArithmetic.disrupted(selected, recorded, now);
        for (Pod pod : selected) {
            Instant at = recorded.get(pod.getMetadata().getName());
            if (at != null && pod.getMetadata().getDeletionTimestamp() == null
                    && !disrupted.pods().containsKey(pod.getMetadata().getName())) {
                events.event(pod, EventRecorder.WARNING, "NotDeleted", "Pod was expected by PDB "
                        + pdb.getMetadata().getNamespace() + "/" + pdb.getMetadata().getName()
                        + " to be deleted but it wasn't");
            }
        }
        int healthy = BudgetArithmetic.currentHealthy(selected, disrupted.pods(), now);
        int allowed = BudgetArithmetic.disruptionsAllowed(healthy, expectation.desiredHealthy(),
                expectation.expectedPods());
        Map<String, String> disruptedPods = new LinkedHashMap<>();
        disrupted.pods().forEach((name, at) -> disruptedPods.put(name, stamp(at)));
        PodDisruptionBudgetStatus status = new PodDisruptionBudgetStatusBuilder()
                .withCurrentHealthy(healthy)
                .withDesiredHealthy(expectation.desiredHealthy())
                .withExpectedPods(expectation.expectedPods())
                .withDisruptionsAllowed(allowed)
                .withDisruptedPods(disruptedPods.isEmpty() ? null : disruptedPods)
                .withObservedGeneration(pdb.getMetadata().getGeneration())
                .withConditions(allowedCondition(old, allowed > 0, "", pdb.getMetadata().getGeneration(), now))
                .build();
        SyncResult written = write(pdb, status);
        if (written instanceof SyncResult.Done && disrupted.recheck().isPresent()) {
            return SyncResult.requeueAfter(Duration.between(now, disrupted.recheck().get()).plusSeconds(1));
        }
        return written;
    }

    // disruption.go getPodsForPdb: the namespace's pods the selector matches (policy/v1: empty selects all).
    private List<Pod> selectedPods(PodDisruptionBudget pdb) {
        LabelSelector selector = LabelSelector.fromFabric8(pdb.getSpec().getSelector());
        List<Pod> selected = new ArrayList<>();
        for (Pod pod : pods.byIndex(Cache.NAMESPACE_INDEX, pdb.getMetadata().getNamespace())) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            if (selector.matches(labels == null ? Map.of() : labels)) {
                selected.add(pod);
            }
        }
        return selected;
    }

    private BudgetArithmetic.Expectation expectation(PodDisruptionBudget pdb, List<Pod> selected)
            throws ControllerScales.NoController {
        var spec = pdb.getSpec();
        boolean needsScale = spec.getMaxUnavailable() != null
                || (spec.getMinAvailable() != null && spec.getMinAvailable().getIntVal() == null);
        int scale = 0;
        if (needsScale) {
            ControllerScales.Scale found = scales.of(selected);
            scale = found.expected();
            if (!found.unmanaged().isEmpty()) {
                events.event(pdb, EventRecorder.WARNING, "UnmanagedPods", "Pods selected by this "
                        + "PodDisruptionBudget (selector: " + LabelSelector.fromFabric8(spec.getSelector())
                        + ") were found to be unmanaged. As a result, the status of the PDB cannot be calculated "
                        + "correctly, which may result in undefined behavior. To account for these pods please set "
                        + "\".spec.minAvailable\" field of the PDB to an integer value.");
            }
        }
        int total = scale;
        return BudgetArithmetic.expectation(spec.getMinAvailable(), spec.getMaxUnavailable(), selected.size(),
                () -> total);
    }

    // disruption.go failSafe: no disruption allowed, the reason in the condition.
    private PodDisruptionBudgetStatus failSafe(PodDisruptionBudget pdb, String message, Instant now) {
        PodDisruptionBudgetStatus old = pdb.getStatus() == null ? new PodDisruptionBudgetStatus() : pdb.getStatus();
        return new PodDisruptionBudgetStatusBuilder(old)
                .withDisruptionsAllowed(0)
                .withConditions(condition(old, "False", "SyncFailed", message,
                        old.getObservedGeneration(), now))
                .build();
    }

    // pkg/apis/policy/helper UpdateDisruptionAllowedCondition.
    static List<Condition> allowedCondition(PodDisruptionBudgetStatus old, boolean allowed, String message,
            Long generation, Instant now) {
        return condition(old, allowed ? "True" : "False", allowed ? "SufficientPods" : "InsufficientPods", message,
                generation, now);
    }

    private static List<Condition> condition(PodDisruptionBudgetStatus old, String status, String reason,
            String message, Long generation, Instant now) {
        List<Condition> conditions = new ArrayList<>();
        Condition previous = null;
        if (old != null && old.getConditions() != null) {
            for (Condition c : old.getConditions()) {
                if ("DisruptionAllowed".equals(c.getType())) {
                    previous = c;
                } else {
                    conditions.add(c);
                }
            }
        }
        String transition = previous != null && status.equals(previous.getStatus())
                ? previous.getLastTransitionTime() : stamp(now);
        conditions.add(new ConditionBuilder().withType("DisruptionAllowed").withStatus(status).withReason(reason)
                .withMessage(message).withObservedGeneration(generation).withLastTransitionTime(transition).build());
        return conditions;
    }

    // disruption.go updatePdbStatus: written only when something changed.
    private SyncResult write(PodDisruptionBudget pdb, PodDisruptionBudgetStatus status) {
        if (Objects.equals(pdb.getStatus(), status)) {
            return SyncResult.done();
        }
        PodDisruptionBudget copy = new io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder(pdb)
                .withStatus(status).build();
        try {
            client.policy().v1().podDisruptionBudget().inNamespace(pdb.getMetadata().getNamespace()).resource(copy)
                    .updateStatus();
            return SyncResult.done();
        } catch (KubernetesClientException e) {
            return SyncResult.retry(e.getMessage());
        }
    }

    private static String stamp(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
    }
}
