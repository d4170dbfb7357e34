package skiff.kubelet.staticpod;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;

/**
 * The annotations by which the kubelet tells where a pod came from (k/k pkg/kubelet/types/pod_update.go): a pod is
 * static when its source is not the API, and a mirror when it carries the mirror annotation.
 */
public final class ConfigAnnotations {
    public static final String SOURCE = "kubernetes.io/config.source";
    public static final String HASH = "kubernetes.io/config.hash";
    public static final String SEEN = "kubernetes.io/config.seen";
    public static final String MIRROR = "kubernetes.io/config.mirror";
    /** The value of {@link #SOURCE} for pods read from the manifest directory. */
    public static final String FILE_SOURCE = "file";
    /** The value of {@link #SOURCE} for pods from the API server. */
    public static final String API_SOURCE = "api";

    private ConfigAnnotations() {}

    /** A pod the kubelet runs from a manifest of its own rather than from the API. */
    public static boolean isStatic(Pod pod) {
        String source = annotations(pod).get(SOURCE);
        return source != null && !source.equals(API_SOURCE);
    }

    /** The API's copy of a static pod, which the kubelet never runs. */
    public static boolean isMirror(Pod pod) {
        return annotations(pod).containsKey(MIRROR);
    }

    /** The static pod's hash; on a mirror pod, the hash of the static pod it mirrors. */
    public static Optional<String> hash(Pod pod) {
        Map<String, String> annotations = annotations(pod);
        return Optional.ofNullable(isMirror(pod) ? annotations.get(MIRROR) : annotations.get(HASH));
    }

    private static Map<String, String> annotations(Pod pod) {
        Map<String, String> annotations = pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }
}
