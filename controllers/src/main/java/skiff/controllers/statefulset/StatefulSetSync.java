package skiff.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import skiff.api.time.Clock;
import skiff.client.pods.PodReadiness;
import skiff.controllers.framework.SyncResult;

/**
 * One sync of one StatefulSet (k/k pkg/controller/statefulset/stateful_set.go sync and stateful_set_control.go
 * UpdateStatefulSet): claim its pods, settle its revisions, plan and apply the pod writes, report the status, trim
 * the revision history.
 */
final class StatefulSetSync {
    private final Store<StatefulSet> sets;
    private final Indexer<Pod> pods;
    private final StatefulSetPodClaims claims;
    private final StatefulSetHistory history;
    private final StatefulPodControl podControl;
    private final StatefulSetStatusUpdater statusUpdater;
    private final Clock clock;

    StatefulSetSync(Store<StatefulSet> sets, Indexer<Pod> pods, StatefulSetPodClaims claims,
            StatefulSetHistory history, StatefulPodControl podControl, StatefulSetStatusUpdater statusUpdater,
            Clock clock) {
        this.sets = sets;
        this.pods = pods;
        this.claims = claims;
        this.history = history;
        this.podControl = podControl;
        this.statusUpdater = statusUpdater;
        this.clock = clock;
    }

    SyncResult sync(String key) {
        StatefulSet set = sets.getByKey(key);
        if (set == null) {
            return SyncResult.done();
        }
        try {
            return syncSet(set);
        } catch (KubernetesClientException e) {
            return SyncResult.retry("statefulset " + key + ": " + e.getMessage());
        }
    }

    private SyncResult syncSet(StatefulSet set) {
        List<Pod> owned = claims.claim(set, pods.byIndex(Cache.NAMESPACE_INDEX, set.getMetadata().getNamespace()));
        List<ControllerRevision> revisions = history.list(set);
        StatefulSetHistory.Revisions live = history.resolve(set, revisions);
        Instant now = clock.now();
        StatefulSetPlan plan = StatefulSetPlanner.plan(set, live.currentRevision(), live.updateRevision(),
                live.collisionCount(), owned, now);
        boolean applied = true;
        for (PodAction action : plan.actions()) {
            if (!podControl.apply(set, action)) {
                applied = false;
                break;
            }
        }
        statusUpdater.update(set, plan.status());
        history.truncate(set, owned, revisions, live);
        if (!applied) {
            return SyncResult.retry("a pod write of statefulset " + set.getMetadata().getName() + " failed");
        }
        return availabilityRecheck(set, plan, owned, now);
    }

    /**
     * k/k stateful_set.go sync: with minReadySeconds, look again when the next ready pod becomes available, as no
     * pod event announces that moment.
     */
    private SyncResult availabilityRecheck(StatefulSet set, StatefulSetPlan plan, List<Pod> owned, Instant now) {
        int minReady = set.getSpec().getMinReadySeconds() == null ? 0 : set.getSpec().getMinReadySeconds();
        if (minReady == 0 || plan.status().getAvailableReplicas().equals(plan.status().getReadyReplicas())) {
            return SyncResult.done();
        }
        Duration wait = owned.stream()
                .filter(p -> PodHealth.isRunningAndReady(p) && !PodHealth.isRunningAndAvailable(p, minReady, now))
                .flatMap(p -> PodReadiness.readySince(p).stream())
                .map(t -> Duration.between(now, t.plusSeconds(minReady)).plusMillis(100))
                .filter(d -> !d.isNegative())
                .min(Duration::compareTo)
                .orElse(Duration.ofSeconds(minReady));
        return SyncResult.requeueAfter(wait);
    }
}
