package skiff.kubelet.token;

/** What a projected serviceAccountToken source asks for: the pod's account, bound to the pod, for an audience. */
public record TokenKey(String namespace, String serviceAccount, String podName, String podUid, String audience,
        long expirationSeconds) {}
