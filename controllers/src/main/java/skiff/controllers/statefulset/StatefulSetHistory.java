package skiff.controllers.statefulset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A StatefulSet's ControllerRevisions (k/k pkg/controller/history and stateful_set_control.go
 * getStatefulSetRevisions, truncateHistory): finds or records the revision of the current template, and deletes
 * unused revisions beyond revisionHistoryLimit.
 */
final class StatefulSetHistory {
    private static final Logger LOG = LoggerFactory.getLogger(StatefulSetHistory.class);
    // k/k apps/v1 defaults: revisionHistoryLimit 10.
    private static final int DEFAULT_HISTORY_LIMIT = 10;

    private final Store<ControllerRevision> cache;
    private final KubernetesClient client;

    /** The set's revisions for this sync: the one its pods are at, and the one they go to. */
    record Revisions(ControllerRevision current, ControllerRevision update, int collisionCount) {
        Revision currentRevision() {
            return new Revision(current.getMetadata().getName(), RevisionData.template(current.getData()));
        }

        Revision updateRevision() {
            return new Revision(update.getMetadata().getName(), RevisionData.template(update.getData()));
        }
    }

    StatefulSetHistory(Store<ControllerRevision> cache, KubernetesClient client) {
        this.cache = cache;
        this.client = client;
    }

    /** The revisions the set controls, oldest first (k/k history SortControllerRevisions). */
    List<ControllerRevision> list(StatefulSet set) {
        String uid = set.getMetadata().getUid();
        return cache.list().stream()
                .filter(r -> set.getMetadata().getNamespace().equals(r.getMetadata().getNamespace()))
                .filter(r -> r.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && uid.equals(o.getUid())))
                .sorted(Comparator.comparing((ControllerRevision r) -> r.getRevision() == null ? 0L : r.getRevision())
                        .thenComparing(r -> r.getMetadata().getCreationTimestamp(),
                                Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(r -> r.getMetadata().getName()))
                .toList();
    }

    /**
     * k/k getStatefulSetRevisions: the update revision is the newest one if it records the current template, an
     * older equal one brought forward with the next number (a rollback), or a new one; the current revision is
     * the one the status names, else the update revision.
     */
    Revisions resolve(StatefulSet set, List<ControllerRevision> revisions) {
        int collisionCount = set.getStatus() == null || set.getStatus().getCollisionCount() == null ? 0
                : set.getStatus().getCollisionCount();
        long next = revisions.isEmpty() ? 1 : revisions.getLast().getRevision() + 1;
        Map<String, Object> data = RevisionData.of(set.getSpec().getTemplate());
        List<ControllerRevision> equal = revisions.stream().filter(r -> RevisionData.equal(r.getData(), data)).toList();
        ControllerRevision update;
        if (!equal.isEmpty() && equal.getLast() == revisions.getLast()) {
            update = revisions.getLast();
        } else if (!equal.isEmpty()) {
            update = renumber(equal.getLast(), next);
        } else {
            int[] collisions = {collisionCount};
            update = create(set, data, next, collisions);
            collisionCount = collisions[0];
        }
        String currentName = set.getStatus() == null ? null : set.getStatus().getCurrentRevision();
        ControllerRevision current = revisions.stream().filter(r -> r.getMetadata().getName().equals(currentName))
                .findFirst().orElse(update);
        return new Revisions(current, update, collisionCount);
    }

    /**
     * k/k truncateHistory: revisions no pod is at and that are neither current nor update revision are history;
     * the oldest go until revisionHistoryLimit remain.
     */
    void truncate(StatefulSet set, List<Pod> pods, List<ControllerRevision> revisions, Revisions live) {
        Set<String> inUse = new HashSet<>();
        inUse.add(live.current().getMetadata().getName());
        inUse.add(live.update().getMetadata().getName());
        pods.forEach(p -> inUse.add(StatefulPods.revision(p)));
        List<ControllerRevision> history = revisions.stream()
                .filter(r -> !inUse.contains(r.getMetadata().getName())).toList();
        int limit = set.getSpec().getRevisionHistoryLimit() == null ? DEFAULT_HISTORY_LIMIT
                : set.getSpec().getRevisionHistoryLimit();
        for (ControllerRevision old : history.subList(0, Math.max(0, history.size() - limit))) {
            client.apps().controllerRevisions().inNamespace(old.getMetadata().getNamespace())
                    .withName(old.getMetadata().getName()).delete();
            LOG.info("statefulset={}/{} revision={} deleted as history", set.getMetadata().getNamespace(),
                    set.getMetadata().getName(), old.getMetadata().getName());
        }
    }

    private ControllerRevision renumber(ControllerRevision revision, long number) {
        return client.apps().controllerRevisions().inNamespace(revision.getMetadata().getNamespace())
                .withName(revision.getMetadata().getName())
                .edit(r -> new ControllerRevisionBuilder(r).withRevision(number).build());
    }

    /**
     * k/k controller_history.go CreateControllerRevision: a name already taken by different data is a hash
     * collision; the collision count goes up and the name is hashed again.
     */
    private ControllerRevision create(StatefulSet set, Map<String, Object> data, long number, int[] collisionCount) {
        while (true) {
            String hash = ControllerRevisionHash.hash(RevisionData.bytes(data), collisionCount[0]);
            ControllerRevision revision = newRevision(set, data, number, hash);
            String namespace = set.getMetadata().getNamespace();
            try {
                return client.apps().controllerRevisions().inNamespace(namespace).resource(revision).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                ControllerRevision existing = client.apps().controllerRevisions().inNamespace(namespace)
                        .withName(revision.getMetadata().getName()).get();
                if (existing != null && RevisionData.equal(existing.getData(), data)) {
                    return existing;
                }
                collisionCount[0]++;
            }
        }
    }

    // k/k stateful_set_utils.go newRevision: the template's labels, the set's annotations, owned by the set.
    private static ControllerRevision newRevision(StatefulSet set, Map<String, Object> data, long number,
            String hash) {
        Map<String, String> labels = new HashMap<>();
        if (set.getSpec().getTemplate().getMetadata() != null
                && set.getSpec().getTemplate().getMetadata().getLabels() != null) {
            labels.putAll(set.getSpec().getTemplate().getMetadata().getLabels());
        }
        labels.put(StatefulPods.REVISION_LABEL, hash);
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet")
                .withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
        return new ControllerRevisionBuilder()
                .withNewMetadata()
                    .withName(ControllerRevisionHash.name(set.getMetadata().getName(), hash))
                    .withNamespace(set.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withAnnotations(set.getMetadata().getAnnotations())
                    .withOwnerReferences(owner)
                .endMetadata()
                .withData(data)
                .withRevision(number)
                .build();
    }
}
