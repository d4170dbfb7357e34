package skiff.controllers.deployment;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import skiff.api.selector.LabelSelector;
import skiff.api.time.Clock;
import skiff.client.events.EventRecorder;
import skiff.controllers.framework.ControllerOwner;
import skiff.controllers.framework.SyncResult;

/** One sync of one deployment (k/k pkg/controller/deployment/deployment_controller.go syncDeployment). */
final class DeploymentSync {
    private final Indexer<Deployment> deployments;
    private final Indexer<ReplicaSet> replicaSets;
    private final Indexer<Pod> pods;
    private final ReplicaSetClaims claims;
    private final ReplicaSetControl control;
    private final DeploymentWrites writes;
    private final NewReplicaSetSync newReplicaSets;
    private final EventRecorder events;
    private final Clock clock;

    DeploymentSync(Indexer<Deployment> deployments, Indexer<ReplicaSet> replicaSets, Indexer<Pod> pods,
            ReplicaSetClaims claims, ReplicaSetControl control, DeploymentWrites writes, EventRecorder events,
            Clock clock) {
        this.deployments = deployments;
        this.replicaSets = replicaSets;
        this.pods = pods;
        this.claims = claims;
        this.control = control;
        this.writes = writes;
        this.newReplicaSets = new NewReplicaSetSync(control, writes, events);
        this.events = events;
        this.clock = clock;
    }

    SyncResult sync(String key) {
        Deployment cached = deployments.getByKey(key);
        if (cached == null) {
            return SyncResult.done();
        }
        // The cache's object is shared: work on a copy.
        Deployment d = new DeploymentBuilder(cached).build();
        Instant now = clock.now();
        if (LabelSelector.fromFabric8(d.getSpec().getSelector()).isEverything()) {
            events.event(d, EventRecorder.WARNING, "SelectingAll",
                    "This deployment is selecting all pods. A non-empty selector is required.");
            if (observedGeneration(d) < DeploymentSpecs.generation(d)) {
                status(d).setObservedGeneration(DeploymentSpecs.generation(d));
                writes.writeStatus(d);
            }
            return SyncResult.done();
        }
        List<ReplicaSet> owned = claims.claim(d,
                replicaSets.byIndex(Cache.NAMESPACE_INDEX, d.getMetadata().getNamespace()));
        if (d.getMetadata().getDeletionTimestamp() != null) {
            return syncStatusOnly(d, owned, now);
        }
        checkPausedConditions(d, now);
        // Revisions are synced once; later steps see the sets as written.
        DeploymentReplicaSets sets = newReplicaSets.sync(d, owned, false, now);
        if (DeploymentSpecs.paused(d) || isScalingEvent(d, sets)) {
            return scaleAndSyncStatus(d, sets, now);
        }
        return DeploymentSpecs.isRollingUpdate(d) ? rolloutRolling(d, sets.all(), now)
                : rolloutRecreate(d, sets.all(), now);
    }

    private SyncResult syncStatusOnly(Deployment d, List<ReplicaSet> owned, Instant now) {
        DeploymentReplicaSets sets = newReplicaSets.sync(d, owned, false, now);
        return writeStatus(d, DeploymentStatusPlanner.calculate(d, sets.all(), sets.newRs(), now), now);
    }

    /**
     * k/k sync.go checkPausedConditions: pausing and resuming set Progressing to Unknown so that the time spent paused
     * never counts against the progress deadline.
     */
    private void checkPausedConditions(Deployment d, Instant now) {
        if (!DeploymentSpecs.hasProgressDeadline(d)) {
            return;
        }
        Optional<String> reason = DeploymentConditions.get(d.getStatus(), DeploymentConditions.PROGRESSING)
                .map(c -> c.getReason());
        if (reason.filter(DeploymentConditions.TIMED_OUT::equals).isPresent()) {
            return;
        }
        boolean pausedCondition = reason.filter(DeploymentConditions.PAUSED::equals).isPresent();
        if (DeploymentSpecs.paused(d) && !pausedCondition) {
            DeploymentConditions.set(status(d), DeploymentConditions.condition(DeploymentConditions.PROGRESSING,
                    "Unknown", DeploymentConditions.PAUSED, "Deployment is paused", now));
        } else if (!DeploymentSpecs.paused(d) && pausedCondition) {
            DeploymentConditions.set(status(d), DeploymentConditions.condition(DeploymentConditions.PROGRESSING,
                    "Unknown", DeploymentConditions.RESUMED, "Deployment is resumed", now));
        } else {
            return;
        }
        writes.writeStatus(d);
    }

    /** k/k sync.go isScalingEvent: an active set was sized for another replica count than the spec's. */
    private static boolean isScalingEvent(Deployment d, DeploymentReplicaSets sets) {
        int replicas = DeploymentSpecs.replicas(d);
        return DeploymentReplicaSets.active(sets.all()).stream()
                .map(rs -> RevisionAnnotations.intAnnotation(rs, RevisionAnnotations.DESIRED_REPLICAS))
                .anyMatch(desired -> desired.isPresent() && desired.getAsInt() != replicas);
    }

    /** k/k sync.go sync: scale (a paused deployment also drops old history), then write the status. */
    private SyncResult scaleAndSyncStatus(Deployment d, DeploymentReplicaSets sets, Instant now) {
        sets = scale(d, sets);
        if (DeploymentSpecs.paused(d)) {
            cleanupHistory(d, sets.old());
        }
        return writeStatus(d, DeploymentStatusPlanner.calculate(d, sets.all(), sets.newRs(), now), now);
    }

    /**
     * k/k sync.go scale: a single active set (or, with none, the newest) takes all replicas; a saturated new set
     * leaves the old ones at zero; otherwise a rolling deployment spreads the change proportionally.
     */
    private DeploymentReplicaSets scale(Deployment d, DeploymentReplicaSets sets) {
        int replicas = DeploymentSpecs.replicas(d);
        Optional<ReplicaSet> activeOrLatest = activeOrLatest(sets);
        Map<String, ReplicaSet> written = new HashMap<>();
        if (activeOrLatest.isPresent()) {
            ReplicaSet rs = activeOrLatest.get();
            written.put(rs.getMetadata().getName(), control.scale(rs, replicas, d));
        } else if (isSaturated(d, sets.newRs())) {
            for (ReplicaSet old : DeploymentReplicaSets.active(sets.old())) {
                written.put(old.getMetadata().getName(), control.scale(old, 0, d));
            }
        } else if (DeploymentSpecs.isRollingUpdate(d)) {
            List<ReplicaSet> active = DeploymentReplicaSets.active(sets.all());
            ProportionalScaling plan = ProportionalScaling.plan(d, active,
                    d.getStatus() == null || d.getStatus().getReplicas() == null ? 0 : d.getStatus().getReplicas());
            for (ReplicaSet rs : active) {
                written.put(rs.getMetadata().getName(),
                        control.scale(rs, plan.sizes().get(rs.getMetadata().getName()), d, plan.operation()));
            }
        }
        ReplicaSet newRs = sets.newRs() == null ? null
                : written.getOrDefault(sets.newRs().getMetadata().getName(), sets.newRs());
        List<ReplicaSet> old = sets.old().stream()
                .map(rs -> written.getOrDefault(rs.getMetadata().getName(), rs)).toList();
        return new DeploymentReplicaSets(newRs, old);
    }

    /** k/k deployment_util.go FindActiveOrLatest. */
    private static Optional<ReplicaSet> activeOrLatest(DeploymentReplicaSets sets) {
        List<ReplicaSet> active = DeploymentReplicaSets.active(sets.all());
        if (active.size() == 1) {
            return Optional.of(active.getFirst());
        }
        if (!active.isEmpty()) {
            return Optional.empty();
        }
        if (sets.newRs() != null) {
            return Optional.of(sets.newRs());
        }
        return sets.old().stream().max(ReplicaSetOrder.OLDEST_FIRST);
    }

    /** k/k deployment_util.go IsSaturated: the new set was made for, asks for and has all replicas available. */
    private static boolean isSaturated(Deployment d, ReplicaSet rs) {
        int replicas = DeploymentSpecs.replicas(d);
        return rs != null
                && RevisionAnnotations.intAnnotation(rs, RevisionAnnotations.DESIRED_REPLICAS).orElse(-1) == replicas
                && ReplicaSetCounts.specReplicas(rs) == replicas && ReplicaSetCounts.available(rs) == replicas;
    }

    /** k/k rolling.go rolloutRolling: grow the new set, else shrink old sets, else (complete) drop old history. */
    private SyncResult rolloutRolling(Deployment d, List<ReplicaSet> owned, Instant now) {
        DeploymentReplicaSets sets = newReplicaSets.sync(d, owned, true, now);
        ReplicaSet newRs = sets.newRs();
        int replicas = DeploymentSpecs.replicas(d);
        int current = ReplicaSetCounts.specReplicas(newRs);
        // k/k rolling.go reconcileNewReplicaSet: never above the spec; up to the surge limit otherwise.
        int next = current > replicas ? replicas : RollingUpdatePlanner.newReplicaSetReplicas(d, sets.all(), newRs);
        if (next != current) {
            return syncRolloutStatus(d, new DeploymentReplicaSets(control.scale(newRs, next, d), sets.old()), now);
        }
        // k/k rolling.go reconcileOldReplicaSets: unhealthy old pods go first, then healthy ones within maxUnavailable.
        List<ReplicaSet> old = sets.old();
        int maxScaledDown = RollingUpdatePlanner.maxScaledDown(d, sets.all(), newRs);
        if (ReplicaSetCounts.spec(old) > 0 && maxScaledDown > 0) {
            Map<String, Integer> cleanup = RollingUpdatePlanner.cleanupUnhealthy(
                    DeploymentReplicaSets.active(old), maxScaledDown);
            old = resize(d, old, cleanup);
            List<ReplicaSet> all = new DeploymentReplicaSets(newRs, old).all();
            Map<String, Integer> scaleDown = RollingUpdatePlanner.scaleDownOld(d, all,
                    DeploymentReplicaSets.active(old));
            old = resize(d, old, scaleDown);
            if (!cleanup.isEmpty() || !scaleDown.isEmpty()) {
                return syncRolloutStatus(d, new DeploymentReplicaSets(newRs, old), now);
            }
        }
        if (DeploymentStatusPlanner.isComplete(d, status(d))) {
            cleanupHistory(d, old);
        }
        return syncRolloutStatus(d, sets, now);
    }

    /** The sets with those named in {@code sizes} scaled to their new size. */
    private List<ReplicaSet> resize(Deployment d, List<ReplicaSet> sets, Map<String, Integer> sizes) {
        List<ReplicaSet> result = new ArrayList<>();
        for (ReplicaSet rs : sets) {
            Integer size = sizes.get(rs.getMetadata().getName());
            result.add(size == null ? rs : control.scale(rs, size, d));
        }
        return result;
    }

    /**
     * k/k recreate.go rolloutRecreate: scale every old set to zero, wait until none of their pods runs, then create
     * or scale the new set to all replicas.
     */
    private SyncResult rolloutRecreate(Deployment d, List<ReplicaSet> owned, Instant now) {
        DeploymentReplicaSets sets = newReplicaSets.sync(d, owned, false, now);
        List<ReplicaSet> activeOld = DeploymentReplicaSets.active(sets.old());
        if (!activeOld.isEmpty()) {
            Map<String, Integer> zero = activeOld.stream()
                    .collect(Collectors.toMap(rs -> rs.getMetadata().getName(), rs -> 0));
            return syncRolloutStatus(d, new DeploymentReplicaSets(sets.newRs(), resize(d, sets.old(), zero)), now);
        }
        if (oldPodsRunning(sets)) {
            return syncRolloutStatus(d, sets, now);
        }
        if (sets.newRs() == null) {
            sets = newReplicaSets.sync(d, owned, true, now);
        }
        ReplicaSet newRs = control.scale(sets.newRs(), DeploymentSpecs.replicas(d), d);
        sets = new DeploymentReplicaSets(newRs, sets.old());
        if (DeploymentStatusPlanner.isComplete(d, status(d))) {
            cleanupHistory(d, sets.old());
        }
        return syncRolloutStatus(d, sets, now);
    }

    /** k/k recreate.go oldPodsRunning: old sets still report pods, or a pod of theirs has not terminated. */
    private boolean oldPodsRunning(DeploymentReplicaSets sets) {
        if (ReplicaSetCounts.actual(sets.old()) > 0) {
            return true;
        }
        Set<String> oldUids = sets.old().stream().map(rs -> rs.getMetadata().getUid()).collect(Collectors.toSet());
        String namespace = sets.old().isEmpty() ? null : sets.old().getFirst().getMetadata().getNamespace();
        if (namespace == null) {
            return false;
        }
        return pods.byIndex(Cache.NAMESPACE_INDEX, namespace).stream()
                .filter(p -> ControllerOwner.of(p).map(r -> oldUids.contains(r.getUid())).orElse(false))
                .anyMatch(p -> p.getStatus() == null
                        || !Set.of("Failed", "Succeeded").contains(p.getStatus().getPhase()));
    }

    /**
     * k/k sync.go cleanupDeployment: beyond revisionHistoryLimit, delete the oldest revisions, but only sets that
     * are scaled to zero, have no pods left and whose controller has seen their latest spec.
     */
    private void cleanupHistory(Deployment d, List<ReplicaSet> old) {
        Integer limit = d.getSpec().getRevisionHistoryLimit();
        if (limit == null || limit == Integer.MAX_VALUE) {
            return;
        }
        List<ReplicaSet> alive = new ArrayList<>(old.stream()
                .filter(rs -> rs.getMetadata().getDeletionTimestamp() == null).toList());
        int diff = alive.size() - limit;
        if (diff <= 0) {
            return;
        }
        alive.sort(ReplicaSetOrder.LOWEST_REVISION_FIRST);
        for (ReplicaSet rs : alive.subList(0, diff)) {
            long generation = rs.getMetadata().getGeneration() == null ? 0 : rs.getMetadata().getGeneration();
            long observed = rs.getStatus() == null || rs.getStatus().getObservedGeneration() == null ? 0
                    : rs.getStatus().getObservedGeneration();
            if (ReplicaSetCounts.statusReplicas(rs) != 0 || ReplicaSetCounts.specReplicas(rs) != 0
                    || generation > observed) {
                continue;
            }
            control.delete(rs);
        }
    }

    /** k/k progress.go syncRolloutStatus, with the replica sets' ReplicaFailure carried over. */
    private SyncResult syncRolloutStatus(Deployment d, DeploymentReplicaSets sets, Instant now) {
        DeploymentStatus status = DeploymentStatusPlanner.rollout(d, sets.all(), sets.newRs(), now);
        replicaFailure(sets).ifPresentOrElse(c -> DeploymentConditions.set(status, c),
                () -> DeploymentConditions.remove(status, DeploymentConditions.REPLICA_FAILURE));
        return writeStatus(d, status, now);
    }

    /** k/k progress.go getReplicaFailures: the new set's failure first, else any old set's. */
    private static Optional<io.fabric8.kubernetes.api.model.apps.DeploymentCondition> replicaFailure(
            DeploymentReplicaSets sets) {
        List<ReplicaSet> order = new ArrayList<>();
        if (sets.newRs() != null) {
            order.add(sets.newRs());
        }
        order.addAll(sets.old());
        return order.stream()
                .filter(rs -> rs.getStatus() != null && rs.getStatus().getConditions() != null)
                .flatMap(rs -> rs.getStatus().getConditions().stream())
                .filter(c -> DeploymentConditions.REPLICA_FAILURE.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst()
                .map(c -> new io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder()
                        .withType(c.getType()).withStatus(c.getStatus()).withReason(c.getReason())
                        .withMessage(c.getMessage()).withLastTransitionTime(c.getLastTransitionTime())
                        .withLastUpdateTime(c.getLastTransitionTime()).build());
    }

    private SyncResult writeStatus(Deployment d, DeploymentStatus status, Instant now) {
        if (!status.equals(d.getStatus())) {
            d.setStatus(status);
            writes.writeStatus(d);
        }
        Optional<Duration> recheck = DeploymentStatusPlanner.recheckAfter(d, status, now);
        return recheck.map(SyncResult::requeueAfter).orElseGet(SyncResult::done);
    }

    private static long observedGeneration(Deployment d) {
        return d.getStatus() == null || d.getStatus().getObservedGeneration() == null ? 0
                : d.getStatus().getObservedGeneration();
    }

    private static DeploymentStatus status(Deployment d) {
        if (d.getStatus() == null) {
            d.setStatus(new DeploymentStatus());
        }
        return d.getStatus();
    }
}
