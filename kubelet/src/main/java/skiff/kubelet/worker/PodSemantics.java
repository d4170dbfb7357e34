package skiff.kubelet.worker;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import skiff.kubelet.staticpod.ConfigAnnotations;

/**
 * Whether an API update of a pod is one the kubelet must act on. k/k 1.32 pkg/kubelet/config/config.go
 * podsDifferSemantically: only the spec, labels, annotations other than the kubelet's own, the deletion timestamp and
 * the deletion grace period count; an update that changes nothing else (its status, resourceVersion, managedFields,
 * owner references, finalizers) is a RECONCILE, not an UPDATE for the pod's worker.
 */
public final class PodSemantics {
    // k/k 1.32 pkg/kubelet/config/config.go localAnnotations: the kubelet's annotations are left out of the comparison.
    private static final Set<String> LOCAL_ANNOTATIONS = Set.of(ConfigAnnotations.SOURCE, ConfigAnnotations.MIRROR,
            ConfigAnnotations.SEEN);

    private PodSemantics() {}

    /** True when the newer pod differs from the older one in something the kubelet runs the pod by. */
    public static boolean differ(Pod older, Pod newer) {
        ObjectMeta a = older.getMetadata();
        ObjectMeta b = newer.getMetadata();
        return !Objects.equals(older.getSpec(), newer.getSpec())
                || !Objects.equals(orEmpty(a.getLabels()), orEmpty(b.getLabels()))
                || !Objects.equals(a.getDeletionTimestamp(), b.getDeletionTimestamp())
                || !Objects.equals(a.getDeletionGracePeriodSeconds(), b.getDeletionGracePeriodSeconds())
                || !nonLocal(a.getAnnotations()).equals(nonLocal(b.getAnnotations()));
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static Map<String, String> nonLocal(Map<String, String> annotations) {
        Map<String, String> kept = new HashMap<>(orEmpty(annotations));
        kept.keySet().removeAll(LOCAL_ANNOTATIONS);
        return kept;
    }
}
