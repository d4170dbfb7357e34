package skiff.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides one pass of the StatefulSet control loop without touching the API (k/k
 * pkg/controller/statefulset/stateful_set_control.go updateStatefulSet): create missing ordinals, replace failed
 * pods, delete condemned ordinals highest first, then roll outdated pods from the highest ordinal down to the
 * partition, at most maxUnavailable at a time (the MaxUnavailableStatefulSet behaviour). Under OrderedReady
 * ("monotonic") the pass stops at the first pod that is missing, terminating, not ready or not available.
 */
final class StatefulSetPlanner {
    private StatefulSetPlanner() {}

    /**
     * @param pods the set's pods (owned and named after it)
     * @param collisionCount the collision count used to name the update revision
     */
    static StatefulSetPlan plan(StatefulSet set, Revision current, Revision update, int collisionCount,
            List<Pod> pods, Instant now) {
        Pass pass = new Pass(set, current, update, now);
        StatefulSetStatus status = pass.status(pods, collisionCount);
        List<PodAction> actions = pass.actions(pods, status);
        completeRollingUpdate(set, status);
        return new StatefulSetPlan(actions, status);
    }

    /** k/k stateful_set_control.go completeRollingUpdate: once every pod is updated and ready, it is current. */
    static void completeRollingUpdate(StatefulSet set, StatefulSetStatus status) {
        if (isRollingUpdate(set) && status.getUpdatedReplicas().equals(status.getReplicas())
                && status.getReadyReplicas().equals(status.getReplicas())) {
            status.setCurrentReplicas(status.getUpdatedReplicas());
            status.setCurrentRevision(status.getUpdateRevision());
        }
    }

    private static boolean isRollingUpdate(StatefulSet set) {
        return set.getSpec().getUpdateStrategy() == null
                || !"OnDelete".equals(set.getSpec().getUpdateStrategy().getType());
    }

    /** One pass over one set's pods. */
    private static final class Pass {
        private final StatefulSet set;
        private final Revision current;
        private final Revision update;
        private final Instant now;
        private final int minReadySeconds;
        private final boolean monotonic;
        private final List<PodAction> actions = new ArrayList<>();

        Pass(StatefulSet set, Revision current, Revision update, Instant now) {
            this.set = set;
            this.current = current;
            this.update = update;
            this.now = now;
            this.minReadySeconds = set.getSpec().getMinReadySeconds() == null ? 0 : set.getSpec().getMinReadySeconds();
            // k/k stateful_set_utils.go allowsBurst: only Parallel lifts the ordering.
            this.monotonic = !"Parallel".equals(set.getSpec().getPodManagementPolicy());
        }

        // k/k stateful_set_control.go computeReplicaStatus: created pods, ready, available, and those at each revision.
        StatefulSetStatus status(List<Pod> pods, int collisionCount) {
            int replicas = 0;
            int ready = 0;
            int available = 0;
            int currentReplicas = 0;
            int updated = 0;
            for (Pod pod : pods) {
                if (PodHealth.isCreated(pod)) {
                    replicas++;
                }
                if (PodHealth.isRunningAndReady(pod)) {
                    ready++;
                    if (PodHealth.isRunningAndAvailable(pod, minReadySeconds, now)) {
                        available++;
                    }
                }
                if (PodHealth.isCreated(pod) && !PodHealth.isTerminating(pod)) {
                    String revision = StatefulPods.revision(pod);
                    if (revision.equals(current.name())) {
                        currentReplicas++;
                    }
                    if (revision.equals(update.name())) {
                        updated++;
                    }
                }
            }
            return new StatefulSetStatusBuilder()
                    .withObservedGeneration(set.getMetadata().getGeneration())
                    .withReplicas(replicas)
                    .withReadyReplicas(ready)
                    .withAvailableReplicas(available)
                    .withCurrentReplicas(currentReplicas)
                    .withUpdatedReplicas(updated)
                    .withCurrentRevision(current.name())
                    .withUpdateRevision(update.name())
                    .withCollisionCount(collisionCount)
                    .withConditions(set.getStatus() == null ? null : set.getStatus().getConditions())
                    .build();
        }

        List<PodAction> actions(List<Pod> pods, StatefulSetStatus status) {
            int start = StatefulPods.startOrdinal(set);
            int count = StatefulPods.replicas(set);
            Pod[] replicas = new Pod[count];
            List<Pod> condemned = new ArrayList<>();
            for (Pod pod : pods) {
                StatefulPods.ordinal(pod).ifPresent(ordinal -> {
                    if (ordinal >= start && ordinal < start + count) {
                        replicas[ordinal - start] = pod;
                    } else {
                        condemned.add(pod);
                    }
                });
            }
            for (int i = 0; i < count; i++) {
                if (replicas[i] == null) {
                    replicas[i] = newVersionedPod(start + i);
                }
            }
            condemned.sort(Comparator.comparingInt((Pod p) -> StatefulPods.ordinal(p).orElse(-1)).reversed());
            Pod firstUnavailable = firstUnavailable(replicas, condemned);

            // k/k updateStatefulSet: a set being deleted only reports its status.
            if (set.getMetadata().getDeletionTimestamp() != null) {
                return actions;
            }
            for (Pod replica : replicas) {
                if (processReplica(replica) && monotonic) {
                    return actions;
                }
            }
            // Scaling down comes before updates, highest ordinal first.
            for (Pod pod : condemned) {
                if (processCondemned(pod, firstUnavailable) && monotonic) {
                    return actions;
                }
            }
            // k/k updateStatefulSet: OnDelete leaves outdated pods until someone deletes them.
            if (!isRollingUpdate(set)) {
                return actions;
            }
            rollingUpdate(replicas, status);
            return actions;
        }

        /** k/k processReplica; true when a monotonic pass must stop here. */
        private boolean processReplica(Pod pod) {
            // Failed and Succeeded pods are deleted; the replacement comes once the old object is gone.
            if (PodHealth.isFailed(pod) || PodHealth.isSucceeded(pod)) {
                if (!PodHealth.isTerminating(pod)) {
                    actions.add(new PodAction.Delete(pod, "phase " + pod.getStatus().getPhase()));
                }
                return true;
            }
            if (!PodHealth.isCreated(pod)) {
                actions.add(new PodAction.Create(pod));
                return true;
            }
            // Wait for a terminating pod to be gone, and for each pod to be Running, Ready and Available.
            if (monotonic
                    && (PodHealth.isTerminating(pod) || !PodHealth.isRunningAndAvailable(pod, minReadySeconds, now))) {
                return true;
            }
            if (!StatefulPods.identityMatches(set, pod)) {
                actions.add(new PodAction.RestoreIdentity(
                        StatefulPods.withIdentity(set, pod, StatefulPods.ordinal(pod).getAsInt())));
            }
            return false;
        }

        /** k/k processCondemned; true when a monotonic pass must stop here. */
        private boolean processCondemned(Pod pod, Pod firstUnavailable) {
            if (PodHealth.isTerminating(pod)) {
                return true;
            }
            // Under OrderedReady only a healthy set, or the first unavailable pod itself, scales down.
            if (monotonic && pod != firstUnavailable && !PodHealth.isRunningAndAvailable(pod, minReadySeconds, now)) {
                return true;
            }
            actions.add(new PodAction.Delete(pod, "scale down"));
            return true;
        }

        /** k/k updateStatefulSetAfterInvariantEstablished: replace outdated pods from the top, maxUnavailable at once. */
        private void rollingUpdate(Pod[] replicas, StatefulSetStatus status) {
            RollingUpdateStatefulSetStrategy rolling = set.getSpec().getUpdateStrategy() == null ? null
                    : set.getSpec().getUpdateStrategy().getRollingUpdate();
            int partition = rolling == null || rolling.getPartition() == null ? 0 : rolling.getPartition();
            int maxUnavailable = MaxUnavailable.of(rolling == null ? null : rolling.getMaxUnavailable(),
                    replicas.length);
            int unavailable = 0;
            for (Pod pod : replicas) {
                if (PodHealth.isUnavailable(pod, minReadySeconds, now)) {
                    unavailable++;
                }
            }
            if (unavailable > maxUnavailable) {
                return;
            }
            int budget = maxUnavailable - unavailable;
            for (int target = replicas.length - 1; target >= partition && budget > 0; target--) {
                Pod pod = replicas[target];
                if (!StatefulPods.revision(pod).equals(update.name()) && !PodHealth.isTerminating(pod)) {
                    actions.add(new PodAction.Delete(pod, "update to revision " + update.name()));
                    status.setCurrentReplicas(status.getCurrentReplicas() - 1);
                    budget--;
                }
            }
        }

        private Pod firstUnavailable(Pod[] replicas, List<Pod> condemned) {
            for (Pod pod : replicas) {
                if (PodHealth.isUnavailable(pod, minReadySeconds, now)) {
                    return pod;
                }
            }
            for (int i = condemned.size() - 1; i >= 0; i--) {
                if (PodHealth.isUnavailable(condemned.get(i), minReadySeconds, now)) {
                    return condemned.get(i);
                }
            }
            return null;
        }

        /**
         * k/k stateful_set_utils.go newVersionedStatefulSetPod: below the partition (or, without one, below the
         * current replicas) a new pod is made from the current revision, above it from the update revision.
         */
        private Pod newVersionedPod(int ordinal) {
            int start = StatefulPods.startOrdinal(set);
            RollingUpdateStatefulSetStrategy rolling = set.getSpec().getUpdateStrategy() == null ? null
                    : set.getSpec().getUpdateStrategy().getRollingUpdate();
            int currentReplicas = set.getStatus() == null || set.getStatus().getCurrentReplicas() == null ? 0
                    : set.getStatus().getCurrentReplicas();
            boolean atCurrent = (isRollingUpdate(set) && rolling == null && ordinal < start + currentReplicas)
                    || (rolling != null && rolling.getPartition() != null && ordinal < start + rolling.getPartition());
            Revision revision = atCurrent ? current : update;
            return StatefulPods.newPod(set, revision.template(), ordinal, revision.name());
        }
    }
}
