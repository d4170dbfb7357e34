package skiff.kubelet.token;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;

/** What a projected serviceAccountToken source asks for: the pod's account, bound to the pod, for an audience. */
public record TokenKey(String namespace, String serviceAccount, String podName, String podUid, String audience,
        long expirationSeconds) {
    // k/k pkg/apis/core/v1/defaults.go: a serviceAccountToken projection lives an hour unless it says otherwise.
    private static final long DEFAULT_EXPIRATION_SECONDS = 3600;

    /** The token a pod's projection asks for: the pod's own account, bound to the pod. */
    public static TokenKey of(Pod pod, ServiceAccountTokenProjection source) {
        return new TokenKey(pod.getMetadata().getNamespace(), pod.getSpec().getServiceAccountName(),
                pod.getMetadata().getName(), pod.getMetadata().getUid(),
                source.getAudience() == null ? "" : source.getAudience(),
                source.getExpirationSeconds() == null ? DEFAULT_EXPIRATION_SECONDS : source.getExpirationSeconds());
    }
}
