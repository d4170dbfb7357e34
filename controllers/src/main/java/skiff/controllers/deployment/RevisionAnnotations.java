package skiff.controllers.deployment;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/** The annotations through which a deployment and its replica sets record revisions and sizes. */
final class RevisionAnnotations {
    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    // k/k deployment_util.go: the controller's own annotations, and kubectl's, are not copied to replica sets.
    private static final Set<String> NOT_COPIED = Set.of(
            "kubectl.kubernetes.io/last-applied-configuration", REVISION, REVISION_HISTORY, DESIRED_REPLICAS,
            MAX_REPLICAS, "deprecated.deployment.rollback.to");
    // k/k cmd/kube-controller-manager: --deployment-controller-... revision history is kept within 2000 characters.
    static final int REVISION_HISTORY_LIMIT_CHARS = 2000;

    private RevisionAnnotations() {}

    /** The revision an object records; 0 when it records none or an unparsable one. */
    static long revision(HasMetadata o) {
        String v = annotations(o).get(REVISION);
        if (v == null) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** k/k deployment_util.go MaxRevision. */
    static long maxRevision(Collection<ReplicaSet> sets) {
        return sets.stream().mapToLong(RevisionAnnotations::revision).max().orElse(0);
    }

    static OptionalInt intAnnotation(HasMetadata o, String key) {
        String v = annotations(o).get(key);
        if (v == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Brings the new replica set's annotations up to date in place (k/k deployment_util.go
     * SetNewReplicaSetAnnotations): copy the deployment's own annotations, raise the revision to
     * {@code newRevision}, and when the set already had a lower revision (a rollback to it), append that one to the
     * revision history, dropping the oldest entries to stay within the character limit. A set about to be created
     * also gets the desired and max replicas. Returns whether anything changed.
     */
    static boolean setNewReplicaSetAnnotations(Deployment d, ReplicaSet rs, long newRevision, boolean exists,
            int maxSurge) {
        Map<String, String> annotations = mutableAnnotations(rs);
        boolean changed = copyDeploymentAnnotations(d, annotations);
        String oldRevision = annotations.get(REVISION);
        long oldRevisionNumber;
        try {
            oldRevisionNumber = oldRevision == null ? 0 : Long.parseLong(oldRevision);
        } catch (NumberFormatException e) {
            return changed;
        }
        if (oldRevisionNumber < newRevision) {
            annotations.put(REVISION, Long.toString(newRevision));
            changed = true;
            if (oldRevision != null) {
                appendRevisionHistory(annotations, oldRevision);
            }
        }
        if (!exists) {
            int replicas = DeploymentSpecs.replicas(d);
            changed |= setReplicasAnnotations(rs, replicas, replicas + maxSurge);
        }
        return changed;
    }

    private static void appendRevisionHistory(Map<String, String> annotations, String oldRevision) {
        String history = annotations.getOrDefault(REVISION_HISTORY, "");
        if (history.isEmpty()) {
            annotations.put(REVISION_HISTORY, oldRevision);
            return;
        }
        List<String> entries = new ArrayList<>(Arrays.asList(history.split(",", -1)));
        int total = history.length() + oldRevision.length() + 1;
        while (total > REVISION_HISTORY_LIMIT_CHARS && !entries.isEmpty()) {
            total -= entries.removeFirst().length() + 1;
        }
        if (total <= REVISION_HISTORY_LIMIT_CHARS) {
            entries.add(oldRevision);
            annotations.put(REVISION_HISTORY, String.join(",", entries));
        }
    }

    /** k/k deployment_util.go copyDeploymentAnnotationsToReplicaSet: the deployment's annotations win. */
    private static boolean copyDeploymentAnnotations(Deployment d, Map<String, String> target) {
        boolean changed = false;
        for (Map.Entry<String, String> e : annotations(d).entrySet()) {
            if (NOT_COPIED.contains(e.getKey()) || e.getValue().equals(target.get(e.getKey()))) {
                continue;
            }
            target.put(e.getKey(), e.getValue());
            changed = true;
        }
        return changed;
    }

    /** k/k deployment_util.go SetReplicasAnnotations. */
    static boolean setReplicasAnnotations(ReplicaSet rs, int desired, int max) {
        Map<String, String> annotations = mutableAnnotations(rs);
        String d = Integer.toString(desired);
        String m = Integer.toString(max);
        boolean changed = !d.equals(annotations.get(DESIRED_REPLICAS)) || !m.equals(annotations.get(MAX_REPLICAS));
        annotations.put(DESIRED_REPLICAS, d);
        annotations.put(MAX_REPLICAS, m);
        return changed;
    }

    /** k/k deployment_util.go SetDeploymentRevision: whether the deployment's revision annotation changed. */
    static boolean setDeploymentRevision(Deployment d, String revision) {
        Map<String, String> annotations = mutableAnnotations(d);
        if (revision.equals(annotations.get(REVISION))) {
            return false;
        }
        annotations.put(REVISION, revision);
        return true;
    }

    private static Map<String, String> annotations(HasMetadata o) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    private static Map<String, String> mutableAnnotations(HasMetadata o) {
        Map<String, String> a = o.getMetadata().getAnnotations();
        if (a == null) {
            a = new HashMap<>();
            o.getMetadata().setAnnotations(a);
        }
        return a;
    }
}
