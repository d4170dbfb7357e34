package skiff.controllers.deployment;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Matching a deployment's pod template to its replica sets' templates. */
final class PodTemplates {
    static final String HASH_LABEL = "pod-template-hash";

    private PodTemplates() {}

    /** k/k deployment_util.go EqualIgnoreHash: the templates are equal once the hash label is dropped from both. */
    static boolean equalIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
        return withoutHash(a).equals(withoutHash(b));
    }

    private static PodTemplateSpec withoutHash(PodTemplateSpec t) {
        PodTemplateSpec copy = new PodTemplateSpecBuilder(t).build();
        if (copy.getMetadata() != null) {
            Map<String, String> labels = copy.getMetadata().getLabels() == null ? new HashMap<>()
                    : new HashMap<>(copy.getMetadata().getLabels());
            labels.remove(HASH_LABEL);
            copy.getMetadata().setLabels(labels);
        }
        return copy;
    }

    /** k/k deployment_util.go FindNewReplicaSet: the oldest set whose template is the deployment's. */
    static Optional<ReplicaSet> findNew(Deployment d, List<ReplicaSet> sets) {
        List<ReplicaSet> sorted = new ArrayList<>(sets);
        sorted.sort(ReplicaSetOrder.OLDEST_FIRST);
        return sorted.stream()
                .filter(rs -> equalIgnoringHash(rs.getSpec().getTemplate(), d.getSpec().getTemplate()))
                .findFirst();
    }
}
