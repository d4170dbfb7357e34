package skiff.controllers.statefulset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.selector.LabelSelector;

/**
 * Decides which pods of a namespace belong to a StatefulSet (k/k pkg/controller/controller_ref_manager.go ClaimPods
 * with stateful_set.go's isMemberOf filter): its own pods that still match stay, its own pods that no longer match
 * are released, matching orphans are adopted once an uncached read confirms the set is still there.
 */
final class StatefulSetPodClaims {
    private static final Logger LOG = LoggerFactory.getLogger(StatefulSetPodClaims.class);

    private final KubernetesClient client;

    StatefulSetPodClaims(KubernetesClient client) {
        this.client = client;
    }

    List<Pod> claim(StatefulSet set, List<Pod> namespacePods) {
        LabelSelector selector = LabelSelector.fromFabric8(set.getSpec().getSelector());
        boolean setDeleting = set.getMetadata().getDeletionTimestamp() != null;
        List<Pod> claimed = new ArrayList<>();
        Boolean canAdopt = null;
        for (Pod pod : namespacePods) {
            boolean matches = selector.matches(labels(pod)) && StatefulPods.isMemberOf(set, pod);
            Optional<OwnerReference> controller = controllerOf(pod);
            if (controller.isPresent()) {
                if (!controller.get().getUid().equals(set.getMetadata().getUid())) {
                    continue;
                }
                if (matches) {
                    claimed.add(pod);
                } else if (!setDeleting) {
                    release(set, pod);
                }
                continue;
            }
            if (!matches || setDeleting || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (canAdopt == null) {
                canAdopt = stillThere(set);
            }
            if (canAdopt) {
                claimed.add(adopt(set, pod));
            }
        }
        return claimed;
    }

    // k/k controller_ref_manager.go RecheckDeletionTimestamp: a fresh read, so a deleted set adopts nothing.
    private boolean stillThere(StatefulSet set) {
        StatefulSet fresh = client.apps().statefulSets().inNamespace(set.getMetadata().getNamespace())
                .withName(set.getMetadata().getName()).get();
        return fresh != null && fresh.getMetadata().getUid().equals(set.getMetadata().getUid())
                && fresh.getMetadata().getDeletionTimestamp() == null;
    }

    private Pod adopt(StatefulSet set, Pod pod) {
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet")
                .withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
        Pod adopted = client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(
                new PodBuilder(pod).editMetadata().addToOwnerReferences(owner).endMetadata().build()).update();
        LOG.info("statefulset={}/{} adopted pod={}", set.getMetadata().getNamespace(), set.getMetadata().getName(),
                pod.getMetadata().getName());
        return adopted;
    }

    private void release(StatefulSet set, Pod pod) {
        List<OwnerReference> others = pod.getMetadata().getOwnerReferences().stream()
                .filter(o -> !set.getMetadata().getUid().equals(o.getUid())).toList();
        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(
                new PodBuilder(pod).editMetadata().withOwnerReferences(others).endMetadata().build()).update();
        LOG.info("statefulset={}/{} released pod={}", set.getMetadata().getNamespace(), set.getMetadata().getName(),
                pod.getMetadata().getName());
    }

    static Optional<OwnerReference> controllerOf(Pod pod) {
        return pod.getMetadata().getOwnerReferences().stream()
                .filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
    }

    private static java.util.Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? java.util.Map.of() : pod.getMetadata().getLabels();
    }
}
