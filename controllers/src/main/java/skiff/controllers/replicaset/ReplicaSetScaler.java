package skiff.controllers.replicaset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.selector.LabelSelector;
import skiff.api.time.Clock;
import skiff.client.events.EventRecorder;
import skiff.controllers.framework.ControllerExpectations;
import skiff.controllers.framework.ControllerRefManager;
import skiff.controllers.framework.PodControl;
import skiff.controllers.framework.SlowStartBatch;
import skiff.controllers.replicaset.ReplicaSetStatusCalculator.ManageFailure;
import skiff.controllers.replicaset.ScaleDownVictims.Victim;

/**
 * Creates or deletes pods so that a set owns {@code spec.replicas} active ones (k/k
 * pkg/controller/replicaset/replica_set.go manageReplicas).
 */
final class ReplicaSetScaler {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSetScaler.class);

    private final ReplicaSetCaches caches;
    private final PodControl pods;
    private final ControllerExpectations expectations;
    private final EventRecorder events;
    private final Clock clock;
    private final int burstReplicas;

    ReplicaSetScaler(ReplicaSetCaches caches, PodControl pods, ControllerExpectations expectations,
            EventRecorder events, Clock clock, int burstReplicas) {
        this.caches = caches;
        this.pods = pods;
        this.expectations = expectations;
        this.events = events;
        this.clock = clock;
        this.burstReplicas = burstReplicas;
    }

    /** Moves the set one step towards its replica count; the failure, if creating or deleting failed. */
    Optional<ManageFailure> scale(String key, ReplicaSet rs, List<Pod> owned) {
        int diff = owned.size() - Objects.requireNonNullElse(rs.getSpec().getReplicas(), 1);
        if (diff < 0) {
            return create(key, rs, Math.min(-diff, burstReplicas));
        }
        if (diff > 0) {
            return delete(key, rs, owned, Math.min(diff, burstReplicas));
        }
        return Optional.empty();
    }

    private Optional<ManageFailure> create(String key, ReplicaSet rs, int count) {
        // Expect the creations before making them, so their watch events can never arrive first.
        expectations.expectCreations(key, count);
        String namespace = rs.getMetadata().getNamespace();
        OwnerReference ref = ControllerRefManager.controllerRef(rs);
        SlowStartBatch.Outcome outcome = SlowStartBatch.run(count, SlowStartBatch.INITIAL_BATCH_SIZE, () -> {
            Pod pod = PodFromTemplate.create(rs.getSpec().getTemplate(), rs.getMetadata().getName(), ref);
            try {
                Pod created = pods.create(namespace, pod);
                events.event(rs, EventRecorder.NORMAL, "SuccessfulCreate",
                        "Created pod: " + created.getMetadata().getName());
            } catch (KubernetesClientException e) {
                // k/k replica_set.go manageReplicas: a namespace being deleted refuses pods; not worth a retry.
                if (namespaceTerminating(e)) {
                    return;
                }
                events.event(rs, EventRecorder.WARNING, "FailedCreate", "Error creating: " + message(e));
                throw e;
            }
        });
        // Creations that failed or were never tried will not show up in the informer.
        for (int i = outcome.successes(); i < count; i++) {
            expectations.creationObserved(key);
        }
        return outcome.error().map(e -> new ManageFailure(true, message(e)));
    }

    private Optional<ManageFailure> delete(String key, ReplicaSet rs, List<Pod> owned, int count) {
        List<Victim> victims = ScaleDownVictims.choose(owned, relatedPods(rs), count, clock.now());
        Set<String> podKeys = new HashSet<>();
        victims.forEach(v -> podKeys.add(podKey(v.pod())));
        expectations.expectDeletions(key, podKeys);
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Victim victim : victims) {
                threads.submit(() -> deleteOne(key, rs, victim, errors));
            }
        }
        return errors.isEmpty() ? Optional.empty() : Optional.of(new ManageFailure(false, errors.get(0)));
    }

    private void deleteOne(String key, ReplicaSet rs, Victim victim, List<String> errors) {
        String name = victim.pod().getMetadata().getName();
        try {
            pods.delete(victim.pod().getMetadata().getNamespace(), name);
            events.event(rs, EventRecorder.NORMAL, "SuccessfulDelete", "Deleted pod: " + name + " (" + victim.reason()
                    + ")");
            LOG.info("replicaset={} pod={} deleted: {}", key, name, victim.reason());
        } catch (KubernetesClientException e) {
            // A delete that failed will never be observed; one whose pod is already gone needs no retry.
            expectations.deletionObserved(key, podKey(victim.pod()));
            if (e.getCode() != 404) {
                events.event(rs, EventRecorder.WARNING, "FailedDelete", "Error deleting: " + message(e));
                errors.add(message(e));
            }
        }
    }

    /**
     * The pods of every set controlled by the same owner as {@code rs} (none when it has no controller), found by
     * each set's selector (k/k replica_set.go getIndirectlyRelatedPods).
     */
    private List<Pod> relatedPods(ReplicaSet rs) {
        Optional<OwnerReference> owner = ControllerRefManager.controllerOf(rs);
        if (owner.isEmpty()) {
            return List.of();
        }
        List<Pod> inNamespace = caches.podsIn(rs.getMetadata().getNamespace());
        Set<String> seen = new HashSet<>();
        List<Pod> related = new ArrayList<>();
        for (ReplicaSet sibling : caches.replicaSetsIn(rs.getMetadata().getNamespace())) {
            Optional<OwnerReference> siblingOwner = ControllerRefManager.controllerOf(sibling);
            if (siblingOwner.isEmpty() || !Objects.equals(siblingOwner.get().getUid(), owner.get().getUid())) {
                continue;
            }
            LabelSelector selector;
            try {
                selector = LabelSelector.fromFabric8(sibling.getSpec().getSelector());
            } catch (RuntimeException e) {
                continue;
            }
            for (Pod pod : inNamespace) {
                if (selector.matches(pod.getMetadata().getLabels()) && seen.add(pod.getMetadata().getUid())) {
                    related.add(pod);
                }
            }
        }
        return related;
    }

    static String podKey(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /** The API server's own words when it sent a Status, else the client's message. */
    static String message(RuntimeException e) {
        if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
            return k.getStatus().getMessage();
        }
        return String.valueOf(e.getMessage());
    }

    private static boolean namespaceTerminating(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getDetails() != null
                && e.getStatus().getDetails().getCauses() != null
                && e.getStatus().getDetails().getCauses().stream()
                        .anyMatch(c -> "NamespaceTerminating".equals(c.getReason()));
    }
}
