package skiff.controllers.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.client.events.EventRecorder;
import skiff.controllers.framework.ControllerOwner;
import skiff.controllers.framework.TemplateHash;

/**
 * Finds or creates the replica set for a deployment's current template and keeps revisions in step (k/k
 * deployment/sync.go getAllReplicaSetsAndSyncRevision and getNewReplicaSet).
 */
final class NewReplicaSetSync {
    private static final Logger LOG = LoggerFactory.getLogger(NewReplicaSetSync.class);

    private final ReplicaSetControl replicaSets;
    private final DeploymentWrites deployments;
    private final EventRecorder events;

    NewReplicaSetSync(ReplicaSetControl replicaSets, DeploymentWrites deployments, EventRecorder events) {
        this.replicaSets = replicaSets;
        this.deployments = deployments;
        this.events = events;
    }

    /**
     * Splits {@code owned} into new and old sets. The new set gets the next revision (one above every old set's)
     * and the deployment's annotations; with {@code createIfMissing} a missing one is created.
     *
     * @param d the deployment; its status and annotations are updated in place and written
     */
    DeploymentReplicaSets sync(Deployment d, List<ReplicaSet> owned, boolean createIfMissing, Instant now) {
        Optional<ReplicaSet> existing = PodTemplates.findNew(d, owned);
        List<ReplicaSet> old = new ArrayList<>(owned);
        existing.ifPresent(old::remove);
        long newRevision = RevisionAnnotations.maxRevision(old) + 1;
        if (existing.isPresent()) {
            return new DeploymentReplicaSets(updateExisting(d, existing.get(), newRevision, now), old);
        }
        if (!createIfMissing) {
            return new DeploymentReplicaSets(null, old);
        }
        return new DeploymentReplicaSets(create(d, owned, newRevision, now), old);
    }

    private ReplicaSet updateExisting(Deployment d, ReplicaSet rs, long newRevision, Instant now) {
        ReplicaSet copy = new ReplicaSetBuilder(rs).build();
        boolean annotationsChanged = RevisionAnnotations.setNewReplicaSetAnnotations(d, copy, newRevision, true,
                RolloutBounds.of(d).maxSurge());
        boolean minReadyChanged = !java.util.Objects.equals(nz(copy.getSpec().getMinReadySeconds()),
                DeploymentSpecs.minReadySeconds(d));
        ReplicaSet current = rs;
        if (annotationsChanged || minReadyChanged) {
            copy.getSpec().setMinReadySeconds(DeploymentSpecs.minReadySeconds(d));
            current = replicaSets.update(copy);
        }
        boolean annotationChanged = RevisionAnnotations.setDeploymentRevision(d,
                annotationOf(current, RevisionAnnotations.REVISION));
        boolean statusChanged = false;
        if (DeploymentSpecs.hasProgressDeadline(d)
                && DeploymentConditions.get(d.getStatus(), DeploymentConditions.PROGRESSING).isEmpty()) {
            DeploymentConditions.set(status(d), DeploymentConditions.condition(DeploymentConditions.PROGRESSING,
                    "True", DeploymentConditions.FOUND_NEW_RS,
                    "Found new replica set \"" + current.getMetadata().getName() + "\"", now));
            statusChanged = true;
        }
        deployments.save(d, annotationChanged, statusChanged);
        return current;
    }

    private ReplicaSet create(Deployment d, List<ReplicaSet> owned, long newRevision, Instant now) {
        Integer collisionCount = d.getStatus() == null ? null : d.getStatus().getCollisionCount();
        String hash = TemplateHash.of(d.getSpec().getTemplate(), collisionCount);
        PodTemplateSpec template = new PodTemplateSpecBuilder(d.getSpec().getTemplate()).editOrNewMetadata()
                .addToLabels(PodTemplates.HASH_LABEL, hash).endMetadata().build();
        LabelSelector selector = new LabelSelectorBuilder(d.getSpec().getSelector())
                .addToMatchLabels(PodTemplates.HASH_LABEL, hash).build();
        ReplicaSet rs = new ReplicaSetBuilder()
                .withNewMetadata()
                .withName(d.getMetadata().getName() + "-" + hash)
                .withNamespace(d.getMetadata().getNamespace())
                .withLabels(template.getMetadata().getLabels())
                .withOwnerReferences(ControllerOwner.referenceTo(d))
                .endMetadata()
                .withNewSpec()
                .withReplicas(0)
                .withMinReadySeconds(DeploymentSpecs.minReadySeconds(d))
                .withSelector(selector)
                .withTemplate(template)
                .endSpec()
                .build();
        int replicas = RollingUpdatePlanner.newReplicaSetReplicas(d, withCandidate(owned, rs), rs);
        rs.getSpec().setReplicas(replicas);
        RevisionAnnotations.setNewReplicaSetAnnotations(d, rs, newRevision, false, RolloutBounds.of(d).maxSurge());

        ReplicaSet created;
        boolean alreadyExists = false;
        try {
            created = replicaSets.create(rs);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            created = resolveCollision(d, owned, rs);
            alreadyExists = true;
        }
        if (!alreadyExists && replicas > 0) {
            events.event(d, EventRecorder.NORMAL, ReplicaSetControl.SCALING_REPLICA_SET,
                    "Scaled up replica set %s from 0 to %d".formatted(created.getMetadata().getName(), replicas));
        }
        boolean annotationChanged = RevisionAnnotations.setDeploymentRevision(d, Long.toString(newRevision));
        boolean statusChanged = false;
        if (!alreadyExists && DeploymentSpecs.hasProgressDeadline(d)) {
            DeploymentConditions.set(status(d), DeploymentConditions.condition(DeploymentConditions.PROGRESSING,
                    "True", DeploymentConditions.NEW_RS_CREATED,
                    "Created new replica set \"" + created.getMetadata().getName() + "\"", now));
            statusChanged = true;
        }
        deployments.save(d, annotationChanged, statusChanged);
        LOG.info("deployment={}/{} replicaset={} revision={} replicas={}", d.getMetadata().getNamespace(),
                d.getMetadata().getName(), created.getMetadata().getName(), newRevision, replicas);
        return created;
    }

    /**
     * k/k sync.go getNewReplicaSet: a set of that name that this deployment controls with the same template is the
     * new set (a stale cache); anything else is a hash collision, so the collision count goes up and the next sync
     * tries another name.
     */
    private ReplicaSet resolveCollision(Deployment d, List<ReplicaSet> owned, ReplicaSet wanted) {
        ReplicaSet found = replicaSets.get(wanted.getMetadata().getNamespace(), wanted.getMetadata().getName());
        if (found != null && ControllerOwner.isControlledBy(found, d.getMetadata().getUid())
                && PodTemplates.equalIgnoringHash(found.getSpec().getTemplate(), d.getSpec().getTemplate())) {
            return found;
        }
        Integer count = status(d).getCollisionCount();
        status(d).setCollisionCount(count == null ? 1 : count + 1);
        deployments.save(d, false, true);
        throw new IllegalStateException("hash collision for replica set " + wanted.getMetadata().getName()
                + "; collisionCount raised to " + status(d).getCollisionCount());
    }

    private static List<ReplicaSet> withCandidate(List<ReplicaSet> owned, ReplicaSet candidate) {
        List<ReplicaSet> all = new ArrayList<>(owned);
        all.add(candidate);
        return all;
    }

    private static io.fabric8.kubernetes.api.model.apps.DeploymentStatus status(Deployment d) {
        if (d.getStatus() == null) {
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatus());
        }
        return d.getStatus();
    }

    private static String annotationOf(HasMetadata o, String key) {
        Map<String, String> a = o.getMetadata().getAnnotations() == null ? new HashMap<>()
                : o.getMetadata().getAnnotations();
        return a.getOrDefault(key, "");
    }

    private static int nz(Integer v) {
        return v == null ? 0 : v;
    }
}
