package skiff.controllers.endpointutil;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Recognises a create refused because its namespace is being deleted. */
public final class NamespaceTerminating {
    private NamespaceTerminating() {}

    // k/k apimachinery errors.HasStatusCause(err, v1.NamespaceTerminatingCause): the endpoint controllers drop such
    // a create rather than retry it, as the namespace will not take it.
    public static boolean refused(KubernetesClientException e) {
        return e.getCode() == 403 && e.getStatus() != null && e.getStatus().getDetails() != null
                && e.getStatus().getDetails().getCauses() != null
                && e.getStatus().getDetails().getCauses().stream()
                        .anyMatch(cause -> "NamespaceTerminating".equals(cause.getReason()));
    }
}
