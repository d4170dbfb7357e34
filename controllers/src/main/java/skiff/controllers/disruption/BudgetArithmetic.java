package skiff.controllers.disruption;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import skiff.controllers.framework.IntOrPercent;

/** The numbers of a PodDisruptionBudget's status (k/k pkg/controller/disruption/disruption.go, 1.32). */
final class BudgetArithmetic {
    // disruption.go DeletionTimeout: how long an eviction's pod is expected to take to be deleted.
    static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);

    private BudgetArithmetic() {}

    /** How many pods are expected, and how many of them must stay healthy. */
    record Expectation(int expectedPods, int desiredHealthy) {}

    /**
     * disruption.go getExpectedPodCount: maxUnavailable and a percentage minAvailable count against the scale of the
     * pods' controllers ({@code scale}, asked for only then); an integer minAvailable against the pods there are.
     */
    static Expectation expectation(IntOrString minAvailable, IntOrString maxUnavailable, int pods,
            java.util.function.IntSupplier scale) {
        if (maxUnavailable != null) {
            int expected = scale.getAsInt();
            int desired = expected - IntOrPercent.scaled(maxUnavailable, expected, true);
            return new Expectation(expected, Math.max(desired, 0));
        }
        if (minAvailable != null) {
            if (minAvailable.getIntVal() != null) {
                return new Expectation(pods, minAvailable.getIntVal());
            }
            int expected = scale.getAsInt();
            return new Expectation(expected, IntOrPercent.scaled(minAvailable, expected, true));
        }
        return new Expectation(0, 0);
    }

    /**
     * disruption.go countHealthyPods: ready pods, leaving out those being deleted and those an eviction recorded
     * less than the deletion timeout ago.
     */
    static int currentHealthy(Collection<Pod> pods, Map<String, Instant> disrupted, Instant now) {
        int healthy = 0;
        for (Pod pod : pods) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            Instant at = disrupted.get(pod.getMetadata().getName());
            if (at != null && at.plus(DELETION_TIMEOUT).isAfter(now)) {
                continue;
            }
            if (ready(pod)) {
                healthy++;
            }
        }
        return healthy;
    }

    /** The evictions still expected to complete, and when the next of them times out. */
    record Disrupted(Map<String, Instant> pods, Optional<Instant> recheck) {}

    /**
     * disruption.go buildDisruptedPodMap: an evicted pod stays on the list until it is being deleted, or until the
     * deletion timeout passes without that (then it counts again).
     */
    static Disrupted disrupted(Collection<Pod> pods, Map<String, Instant> recorded, Instant now) {
        Map<String, Instant> kept = new LinkedHashMap<>();
        Instant recheck = null;
        for (Pod pod : pods) {
            Instant at = recorded.get(pod.getMetadata().getName());
            if (pod.getMetadata().getDeletionTimestamp() != null || at == null) {
                continue;
            }
            Instant expected = at.plus(DELETION_TIMEOUT);
            if (!expected.isBefore(now)) {
                if (recheck == null || expected.isBefore(recheck)) {
                    recheck = expected;
                }
                kept.put(pod.getMetadata().getName(), at);
            }
        }
        return new Disrupted(kept, Optional.ofNullable(recheck));
    }

    // disruption.go updatePdbStatus: none allowed while no pod is expected, so a new budget starts safe.
    static int disruptionsAllowed(int currentHealthy, int desiredHealthy, int expectedPods) {
        int allowed = currentHealthy - desiredHealthy;
        return expectedPods <= 0 || allowed <= 0 ? 0 : allowed;
    }

    // k/k pkg/api/v1/pod/util.go IsPodReady.
    static boolean ready(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }
}
