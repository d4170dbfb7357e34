package skiff.kubelet.server;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the API server whether a caller of the kubelet's API may make a request, with a SubjectAccessReview of the
 * node's subresource the path maps to (k/k pkg/kubelet/server/auth.go and --authorization-mode=Webhook, 1.32):
 * {@code /metrics} is {@code get nodes/metrics} on this node.
 */
public final class KubeletAuthorizer {
    private static final Logger LOG = LoggerFactory.getLogger(KubeletAuthorizer.class);
    private final KubernetesClient client;
    private final String nodeName;

    public KubeletAuthorizer(KubernetesClient client, String nodeName) {
        this.client = client;
        this.nodeName = nodeName;
    }

    /** Whether {@code user} in {@code groups} may {@code verb} this node's {@code subresource}; no answer is no. */
    public boolean allowed(String user, List<String> groups, String verb, String subresource) {
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec().withUser(user).withGroups(groups)
                .withNewResourceAttributes().withVerb(verb).withResource("nodes").withSubresource(subresource)
                .withName(nodeName).endResourceAttributes().endSpec().build();
        try {
            SubjectAccessReview answer = client.authorization().v1().subjectAccessReview().create(review);
            return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
        } catch (KubernetesClientException e) {
            LOG.warn("cannot authorize user={} on nodes/{}: {}", user, subresource, e.getMessage());
            return false;
        }
    }
}
