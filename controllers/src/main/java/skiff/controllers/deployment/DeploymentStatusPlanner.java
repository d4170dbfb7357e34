package skiff.controllers.deployment;

import static skiff.controllers.deployment.DeploymentConditions.PROGRESSING;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A deployment's status computed from its replica sets, without I/O (k/k deployment/sync.go, progress.go). */
final class DeploymentStatusPlanner {
    private DeploymentStatusPlanner() {}

    /**
     * k/k sync.go calculateStatus: counts summed over all sets (updated = the new set's pods), and Available is true
     * while at least replicas - maxUnavailable pods are available.
     */
    static DeploymentStatus calculate(Deployment d, List<ReplicaSet> all, ReplicaSet newRs, Instant now) {
        List<ReplicaSet> sets = all.stream().filter(Objects::nonNull).toList();
        int available = ReplicaSetCounts.available(sets);
        int unavailable = Math.max(0, ReplicaSetCounts.spec(sets) - available);
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        List<DeploymentCondition> conditions = new ArrayList<>();
        if (old.getConditions() != null) {
            old.getConditions().forEach(c -> conditions.add(new DeploymentConditionBuilder(c).build()));
        }
        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(DeploymentSpecs.generation(d))
                .withReplicas(ReplicaSetCounts.actual(sets))
                .withUpdatedReplicas(newRs == null ? 0 : ReplicaSetCounts.statusReplicas(newRs))
                .withReadyReplicas(ReplicaSetCounts.ready(sets))
                .withAvailableReplicas(available)
                .withUnavailableReplicas(unavailable)
                .withCollisionCount(old.getCollisionCount())
                .withConditions(conditions)
                .build();
        if (available >= DeploymentSpecs.replicas(d) - RolloutBounds.of(d).maxUnavailable()) {
            DeploymentConditions.set(status, DeploymentConditions.condition(DeploymentConditions.AVAILABLE, "True",
                    DeploymentConditions.MIN_AVAILABLE, "Deployment has minimum availability.", now));
        } else {
            DeploymentConditions.set(status, DeploymentConditions.condition(DeploymentConditions.AVAILABLE, "False",
                    DeploymentConditions.MIN_UNAVAILABLE, "Deployment does not have minimum availability.", now));
        }
        return status;
    }

    /**
     * k/k progress.go syncRolloutStatus: {@link #calculate} plus the Progressing condition while a rollout is under
     * way: NewReplicaSetAvailable once complete, ReplicaSetUpdated (fresh lastUpdateTime) whenever pods moved,
     * ProgressDeadlineExceeded once nothing moved for progressDeadlineSeconds.
     */
    static DeploymentStatus rollout(Deployment d, List<ReplicaSet> all, ReplicaSet newRs, Instant now) {
        DeploymentStatus status = calculate(d, all, newRs, now);
        if (!DeploymentSpecs.hasProgressDeadline(d)) {
            DeploymentConditions.remove(status, PROGRESSING);
        }
        Optional<DeploymentCondition> current = DeploymentConditions.get(d.getStatus(), PROGRESSING);
        boolean complete = Objects.equals(status.getReplicas(), status.getUpdatedReplicas()) && current.isPresent()
                && DeploymentConditions.NEW_RS_AVAILABLE.equals(current.get().getReason());
        if (DeploymentSpecs.hasProgressDeadline(d) && !complete) {
            String subject = newRs == null ? "Deployment \"" + d.getMetadata().getName() + "\""
                    : "ReplicaSet \"" + newRs.getMetadata().getName() + "\"";
            if (isComplete(d, status)) {
                DeploymentConditions.set(status, DeploymentConditions.condition(PROGRESSING, "True",
                        DeploymentConditions.NEW_RS_AVAILABLE, subject + " has successfully progressed.", now));
            } else if (isProgressing(d, status)) {
                DeploymentCondition c = DeploymentConditions.condition(PROGRESSING, "True",
                        DeploymentConditions.RS_UPDATED, subject + " is progressing.", now);
                // An update with the same reason still refreshes lastUpdateTime, so it is replaced, not merged.
                if (current.isPresent()) {
                    if ("True".equals(current.get().getStatus())) {
                        c.setLastTransitionTime(current.get().getLastTransitionTime());
                    }
                    DeploymentConditions.remove(status, PROGRESSING);
                }
                DeploymentConditions.set(status, c);
            } else if (timedOut(d, status, now)) {
                DeploymentConditions.set(status, DeploymentConditions.condition(PROGRESSING, "False",
                        DeploymentConditions.TIMED_OUT, subject + " has timed out progressing.", now));
            }
        }
        return status;
    }

    /** k/k deployment_util.go DeploymentComplete: every replica updated and available, the generation observed. */
    static boolean isComplete(Deployment d, DeploymentStatus s) {
        int replicas = DeploymentSpecs.replicas(d);
        return n(s.getUpdatedReplicas()) == replicas && n(s.getReplicas()) == replicas
                && n(s.getAvailableReplicas()) == replicas
                && (s.getObservedGeneration() == null ? 0 : s.getObservedGeneration()) >= DeploymentSpecs.generation(d);
    }

    /** k/k deployment_util.go DeploymentProgressing: more updated, ready or available pods, or fewer old ones. */
    static boolean isProgressing(Deployment d, DeploymentStatus s) {
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int oldOld = n(old.getReplicas()) - n(old.getUpdatedReplicas());
        int newOld = n(s.getReplicas()) - n(s.getUpdatedReplicas());
        return n(s.getUpdatedReplicas()) > n(old.getUpdatedReplicas()) || newOld < oldOld
                || n(s.getReadyReplicas()) > n(old.getReadyReplicas())
                || n(s.getAvailableReplicas()) > n(old.getAvailableReplicas());
    }

    /** k/k deployment_util.go DeploymentTimedOut: the last progress is older than progressDeadlineSeconds. */
    static boolean timedOut(Deployment d, DeploymentStatus s, Instant now) {
        Optional<DeploymentCondition> c = DeploymentConditions.get(s, PROGRESSING);
        if (!DeploymentSpecs.hasProgressDeadline(d) || c.isEmpty()
                || DeploymentConditions.NEW_RS_AVAILABLE.equals(c.get().getReason())) {
            return false;
        }
        if (DeploymentConditions.TIMED_OUT.equals(c.get().getReason())) {
            return true;
        }
        return lastUpdate(c.get()).plus(deadline(d)).isBefore(now);
    }

    /**
     * When to look again at a rollout that may time out (k/k progress.go requeueStuckDeployment): empty when there
     * is no deadline to watch, else a second after the deadline would pass.
     */
    static Optional<Duration> recheckAfter(Deployment d, DeploymentStatus s, Instant now) {
        Optional<DeploymentCondition> c = DeploymentConditions.get(s, PROGRESSING);
        if (!DeploymentSpecs.hasProgressDeadline(d) || c.isEmpty() || isComplete(d, s)
                || DeploymentConditions.TIMED_OUT.equals(c.get().getReason())) {
            return Optional.empty();
        }
        Duration after = Duration.between(now, lastUpdate(c.get()).plus(deadline(d)));
        if (after.compareTo(Duration.ofSeconds(1)) < 0) {
            return Optional.of(Duration.ofSeconds(1));
        }
        return Optional.of(after.plusSeconds(1));
    }

    private static Duration deadline(Deployment d) {
        return Duration.ofSeconds(d.getSpec().getProgressDeadlineSeconds());
    }

    private static Instant lastUpdate(DeploymentCondition c) {
        return c.getLastUpdateTime() == null ? Instant.EPOCH : Instant.parse(c.getLastUpdateTime());
    }

    private static int n(Integer v) {
        return v == null ? 0 : v;
    }
}
