package skiff.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.selector.LabelSelector;
import skiff.api.time.Clock;
import skiff.client.pods.PodReadiness;
import skiff.controllers.framework.ControllerExpectations;
import skiff.controllers.framework.ControllerRefManager;
import skiff.controllers.framework.PodControl;
import skiff.controllers.framework.SyncResult;
import skiff.controllers.replicaset.ReplicaSetStatusCalculator.ManageFailure;

/** One sync of one ReplicaSet (k/k pkg/controller/replicaset/replica_set.go syncReplicaSet). */
final class ReplicaSetSync {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSetSync.class);

    private final ReplicaSetCaches caches;
    private final ReplicaSetApi api;
    private final PodControl pods;
    private final ControllerExpectations expectations;
    private final ReplicaSetScaler scaler;
    private final Clock clock;

    ReplicaSetSync(ReplicaSetCaches caches, ReplicaSetApi api, PodControl pods, ControllerExpectations expectations,
            ReplicaSetScaler scaler, Clock clock) {
        this.caches = caches;
        this.api = api;
        this.pods = pods;
        this.expectations = expectations;
        this.scaler = scaler;
        this.clock = clock;
    }

    SyncResult sync(String key) {
        ReplicaSet rs = caches.replicaSet(key);
        if (rs == null) {
            expectations.delete(key);
            return SyncResult.done();
        }
        LabelSelector selector;
        try {
            selector = LabelSelector.fromFabric8(rs.getSpec().getSelector());
        } catch (RuntimeException e) {
            // An invalid selector will not become valid by retrying; the next edit of the set syncs it again.
            LOG.warn("replicaset={} invalid selector: {}", key, e.getMessage());
            return SyncResult.done();
        }
        // Read before listing pods: expectations met now mean the cache holds at least what they waited for.
        boolean needsSync = expectations.satisfied(key);
        List<Pod> active = caches.podsIn(rs.getMetadata().getNamespace()).stream()
                .filter(PodReadiness::isActive).toList();
        ControllerRefManager.Claim claim = new ControllerRefManager(rs, selector, pods, () -> adoptionRefusal(rs))
                .claim(active);
        if (!claim.errors().isEmpty()) {
            return SyncResult.retry(String.join("; ", claim.errors()));
        }
        Optional<ManageFailure> failure = Optional.empty();
        if (needsSync && rs.getMetadata().getDeletionTimestamp() == null) {
            failure = scaler.scale(key, rs, claim.owned());
        }
        Instant now = clock.now();
        ReplicaSetStatus status = ReplicaSetStatusCalculator.calculate(rs, claim.owned(), failure, now);
        try {
            status = writeStatusIfChanged(rs, status);
        } catch (KubernetesClientException e) {
            return SyncResult.retry("status of " + key + ": " + ReplicaSetScaler.message(e));
        }
        if (failure.isPresent()) {
            return SyncResult.retry(failure.get().message());
        }
        // k/k syncReplicaSet: all ready but not all available yet; look again when minReadySeconds have passed.
        int replicas = Objects.requireNonNullElse(rs.getSpec().getReplicas(), 1);
        int minReady = Objects.requireNonNullElse(rs.getSpec().getMinReadySeconds(), 0);
        if (minReady > 0 && status.getReadyReplicas() == replicas && status.getAvailableReplicas() != replicas) {
            return SyncResult.requeueAfter(Duration.ofSeconds(minReady));
        }
        return SyncResult.done();
    }

    // k/k controller_ref_manager.go RecheckDeletionTimestamp: adopt only if a fresh read shows the same set, alive.
    private Optional<String> adoptionRefusal(ReplicaSet rs) {
        ReplicaSet fresh = api.fetch(rs.getMetadata().getNamespace(), rs.getMetadata().getName());
        if (fresh == null || !Objects.equals(fresh.getMetadata().getUid(), rs.getMetadata().getUid())) {
            return Optional.of(rs.getKind() + " " + rs.getMetadata().getName() + " is gone");
        }
        if (fresh.getMetadata().getDeletionTimestamp() != null) {
            return Optional.of(rs.getKind() + " " + rs.getMetadata().getName() + " is being deleted since "
                    + fresh.getMetadata().getDeletionTimestamp());
        }
        return Optional.empty();
    }

    // k/k replica_set_utils.go updateReplicaSetStatus: write only a changed status or a new generation.
    private ReplicaSetStatus writeStatusIfChanged(ReplicaSet rs, ReplicaSetStatus status) {
        ReplicaSetStatus withGeneration = new ReplicaSetStatusBuilder(status)
                .withObservedGeneration(rs.getMetadata().getGeneration()).build();
        ReplicaSetStatus current = rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
        if (sameCounts(current, withGeneration)
                && Objects.equals(current.getObservedGeneration(), rs.getMetadata().getGeneration())) {
            return withGeneration;
        }
        api.writeStatus(rs, withGeneration);
        return withGeneration;
    }

    private static boolean sameCounts(ReplicaSetStatus a, ReplicaSetStatus b) {
        return zero(a.getReplicas()) == zero(b.getReplicas())
                && zero(a.getFullyLabeledReplicas()) == zero(b.getFullyLabeledReplicas())
                && zero(a.getReadyReplicas()) == zero(b.getReadyReplicas())
                && zero(a.getAvailableReplicas()) == zero(b.getAvailableReplicas())
                && Objects.equals(emptyToNull(a.getConditions()), emptyToNull(b.getConditions()));
    }

    private static int zero(Integer n) {
        return n == null ? 0 : n;
    }

    private static <T> List<T> emptyToNull(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }
}
